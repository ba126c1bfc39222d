package io.adclick.reconcile;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * An in-memory DuckDB database in this JVM, bounded: its memory limit, and a folder to spill to
 * beyond it. One per recount or merge, closed with it.
 */
final class DuckDb {

  private DuckDb() {}

  /**
   * @param streamResults fetch rows as the caller walks them rather than materializing a result
   *     whole first
   */
  static Connection open(int memoryLimitMb, Path spillDirectory, boolean streamResults)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("jdbc_stream_results", Boolean.toString(streamResults));
    Connection db = DriverManager.getConnection("jdbc:duckdb:", properties);
    try (PreparedStatement memory = db.prepareStatement("SET memory_limit = ?");
        PreparedStatement spill = db.prepareStatement("SET temp_directory = ?")) {
      memory.setString(1, memoryLimitMb + "MB");
      memory.execute();
      spill.setString(1, spillDirectory.toString());
      spill.execute();
      return db;
    } catch (SQLException | RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /**
   * A file path as an SQL string literal. Table functions' arguments and COPY targets cannot be
   * bound; the paths quoted here come from configuration and the lake's own listing, never from a
   * request.
   */
  static String quoted(String path) {
    return "'" + path.replace("'", "''") + "'";
  }

  /** Paths as an SQL list of string literals. */
  static String quotedList(List<String> paths) {
    return paths.stream().map(DuckDb::quoted).collect(Collectors.joining(", ", "[", "]"));
  }
}
