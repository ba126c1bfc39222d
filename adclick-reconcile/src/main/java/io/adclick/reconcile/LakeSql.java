package io.adclick.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-only ad-hoc SQL over the lake, with its committed clicks as the view {@code clicks} (the
 * archive's columns, plus {@code dt} and {@code hour} from the folders).
 *
 * <p>Safe by three locks, each enough against writes on its own for what it covers: only a single
 * SELECT is run (DuckDB's own parser decides, through {@code json_serialize_sql}, which serializes
 * nothing else), so COPY, EXPORT, ATTACH, INSTALL, LOAD, SET, CREATE and INSERT never reach
 * execution; file access is confined to the lake's folder (a SELECT can read, not write, files) and
 * the configuration is locked so the query cannot lift that; and each query gets a fresh in-memory
 * database, so nothing it does outlives it. Bounded: at most {@code maxRows} rows are returned,
 * DuckDB's memory is limited and the query is cancelled after a timeout.
 */
public final class LakeSql {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The archive's columns, for a view of an empty lake (a glob matching nothing is an error). */
  private static final String EMPTY_LAKE =
      "SELECT NULL::BIGINT AS ad_id, NULL::BIGINT AS advertiser_id, NULL::BIGINT AS impression_hi,"
          + " NULL::BIGINT AS impression_lo, NULL::BIGINT AS click_time_millis,"
          + " NULL::BIGINT AS issued_at_millis, NULL::VARCHAR AS user_key, NULL::VARCHAR AS kind,"
          + " NULL::INTEGER AS salt, NULL::INTEGER AS kafka_partition,"
          + " NULL::BIGINT AS kafka_offset, NULL::DATE AS dt, NULL::INTEGER AS hour WHERE false";

  private final Path lakeRoot;
  private final LakeLayout lake;
  private final int maxRows;
  private final Duration timeout;
  private final String memoryLimit;

  /**
   * @param lakeRoot the archive's root folder
   * @param maxRows rows returned at most
   * @param timeout how long a query may run
   * @param memoryLimitMb DuckDB's memory limit per query
   */
  public LakeSql(Path lakeRoot, int maxRows, Duration timeout, int memoryLimitMb) {
    this.lakeRoot = lakeRoot.toAbsolutePath();
    this.lake = new LakeLayout(this.lakeRoot);
    this.maxRows = maxRows;
    this.timeout = timeout;
    this.memoryLimit = memoryLimitMb + "MB";
  }

  /** Runs one SELECT; {@link SqlRefused} for anything else, or when DuckDB refuses it. */
  public SqlAnswer query(String sql) throws SqlRefused {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
      requireSingleSelect(db, sql);
      lockDown(db);
      try (PreparedStatement q = db.prepareStatement(sql)) {
        q.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
        q.setMaxRows(maxRows + 1);
        try (ResultSet r = q.executeQuery()) {
          return read(r);
        }
      }
    } catch (SQLTimeoutException e) {
      throw new SqlRefused("the query ran longer than " + timeout.toSeconds() + " s");
    } catch (SQLException e) {
      throw new SqlRefused(firstLine(e.getMessage()));
    }
  }

  private static void requireSingleSelect(Connection db, String sql)
      throws SQLException, SqlRefused {
    JsonNode parsed;
    try (PreparedStatement q = db.prepareStatement("SELECT json_serialize_sql(?)")) {
      q.setString(1, sql);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        parsed = JSON.readTree(r.getString(1));
      } catch (IOException e) {
        throw new IllegalStateException("DuckDB's parse is not JSON", e);
      }
    }
    if (parsed.path("error").asBoolean()) {
      String why = parsed.path("error_message").asText();
      throw new SqlRefused(
          why.startsWith("Only SELECT")
              ? "only a single SELECT query is allowed (the lake is read-only)"
              : why);
    }
    if (parsed.path("statements").size() != 1) {
      throw new SqlRefused(
          "exactly one SELECT query is allowed, got " + parsed.path("statements").size());
    }
  }

  /** Creates the view, then confines file access to the lake and locks the configuration. */
  private void lockDown(Connection db) throws SQLException {
    try (PreparedStatement memory = db.prepareStatement("SET memory_limit = ?")) {
      memory.setString(1, memoryLimit);
      memory.execute();
    }
    try (Statement s = db.createStatement()) {
      // A table function's arguments cannot be bound; the path comes from configuration, quoted.
      s.execute(
          "CREATE VIEW clicks AS "
              + (lake.firstCommittedHour() < 0
                  ? EMPTY_LAKE
                  : "SELECT * FROM read_parquet("
                      + DuckDb.quoted(lake.allCommittedGlob())
                      + ", hive_partitioning = true,"
                      + " hive_types = {'dt': DATE, 'hour': INTEGER})"));
      s.execute("SET allowed_directories = [" + DuckDb.quoted(lakeRoot + "/") + "]");
      s.execute("SET enable_external_access = false");
      s.execute("SET lock_configuration = true");
    }
  }

  private SqlAnswer read(ResultSet r) throws SQLException {
    ResultSetMetaData meta = r.getMetaData();
    List<String> columns = new ArrayList<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      columns.add(meta.getColumnLabel(i));
    }
    List<List<Object>> rows = new ArrayList<>();
    boolean truncated = false;
    while (r.next()) {
      if (rows.size() == maxRows) {
        truncated = true;
        break;
      }
      List<Object> row = new ArrayList<>(columns.size());
      for (int i = 1; i <= columns.size(); i++) {
        row.add(value(r.getObject(i)));
      }
      rows.add(row);
    }
    return new SqlAnswer(columns, rows, truncated);
  }

  private static Object value(Object v) {
    if (v == null
        || v instanceof Long
        || v instanceof Integer
        || v instanceof Short
        || v instanceof Byte
        || v instanceof Double
        || v instanceof Float
        || v instanceof BigInteger
        || v instanceof BigDecimal
        || v instanceof Boolean
        || v instanceof String) {
      return v;
    }
    return String.valueOf(v);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "the query failed";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
