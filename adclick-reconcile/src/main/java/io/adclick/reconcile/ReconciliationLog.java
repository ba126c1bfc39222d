package io.adclick.reconcile;

import io.adclick.time.Granularity;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where every run and every correction is recorded durably: a DuckDB database file of its own
 * (embedded), written with parameterized SQL only. One process owns the file, as the server owns
 * its store; every method is synchronized on the one connection.
 *
 * <p>State bound: one row per run (hourly by default: under 9k a year) and one per bucket a repair
 * changed; nothing is removed, since the record is the audit trail.
 */
public final class ReconciliationLog implements AutoCloseable {

  private final Connection db;

  /** Read on every series answer of the query API, so kept here rather than queried each time. */
  private volatile long reconciledThrough;

  private ReconciliationLog(Connection db) throws SQLException {
    this.db = db;
    this.reconciledThrough = contiguousEnd();
  }

  /** Opens (creating if need be) the log in {@code file}. */
  public static ReconciliationLog open(Path file) throws SQLException {
    Connection db = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
    try (Statement s = db.createStatement()) {
      s.execute("CREATE SEQUENCE IF NOT EXISTS run_ids START 1");
      s.execute(
          "CREATE TABLE IF NOT EXISTS runs (id BIGINT PRIMARY KEY, started_at BIGINT NOT NULL,"
              + " range_from BIGINT NOT NULL, range_to BIGINT NOT NULL, dry_run BOOLEAN NOT NULL,"
              + " rows_checked BIGINT NOT NULL, rows_differing BIGINT NOT NULL,"
              + " clicks_to_add BIGINT NOT NULL, clicks_to_remove BIGINT NOT NULL,"
              + " corrections BIGINT NOT NULL, duration_ms BIGINT NOT NULL)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS corrections (run_id BIGINT NOT NULL,"
              + " granularity VARCHAR NOT NULL, advertiser_id BIGINT NOT NULL,"
              + " ad_id BIGINT NOT NULL, bucket_start BIGINT NOT NULL, before BIGINT NOT NULL,"
              + " after BIGINT NOT NULL, reason VARCHAR NOT NULL)");
      return new ReconciliationLog(db);
    } catch (SQLException e) {
      db.close();
      throw e;
    }
  }

  /** Records a run and its corrections in one transaction; returns it with its id. */
  public synchronized ReconciliationRun record(ReconciliationRun run, List<Correction> made)
      throws SQLException {
    db.setAutoCommit(false);
    try {
      long id;
      try (Statement s = db.createStatement();
          ResultSet r = s.executeQuery("SELECT nextval('run_ids')")) {
        r.next();
        id = r.getLong(1);
      }
      try (PreparedStatement insert =
          db.prepareStatement("INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setLong(1, id);
        insert.setLong(2, run.startedAt());
        insert.setLong(3, run.from());
        insert.setLong(4, run.to());
        insert.setBoolean(5, run.dryRun());
        insert.setLong(6, run.found().rowsChecked());
        insert.setLong(7, run.found().rowsDiffering());
        insert.setLong(8, run.found().clicksToAdd());
        insert.setLong(9, run.found().clicksToRemove());
        insert.setLong(10, run.corrections());
        insert.setLong(11, run.durationMillis());
        insert.execute();
      }
      try (PreparedStatement insert =
          db.prepareStatement("INSERT INTO corrections VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (Correction c : made) {
          insert.setLong(1, id);
          insert.setString(2, c.granularity().apiName());
          insert.setLong(3, c.advertiserId());
          insert.setLong(4, c.adId());
          insert.setLong(5, c.bucketStart());
          insert.setLong(6, c.before());
          insert.setLong(7, c.after());
          insert.setString(8, c.reason().name());
          insert.addBatch();
        }
        insert.executeBatch();
      }
      // Read inside the transaction, so a failure leaves neither the run nor the new value.
      long through = run.dryRun() ? reconciledThrough : contiguousEnd();
      db.commit();
      reconciledThrough = through;
      return new ReconciliationRun(
          id,
          run.startedAt(),
          run.from(),
          run.to(),
          run.dryRun(),
          run.found(),
          run.corrections(),
          run.durationMillis());
    } catch (SQLException | RuntimeException e) {
      db.rollback();
      throw e;
    } finally {
      db.setAutoCommit(true);
    }
  }

  /**
   * Up to when the store has been checked against the lake and repaired: the end (exclusive, epoch
   * millis) of the stretch that starts at the earliest non-dry run's {@code from} and is covered by
   * non-dry runs without a gap; -1 before the first. Dry runs repair nothing, so they do not count.
   *
   * <p>Not simply the latest run's {@code to}: a run that failed or never happened leaves an hour
   * unreconciled, and a value past it would tell advertisers that hour was checked. The price is
   * that a gap holds the value back until a run covers it ({@code adclick reconcile --from --to}
   * over the gap), which is the point: a missed hour should be visible. A gap older than the lake's
   * retention can no longer be filled, so runs only make sense within it.
   *
   * <p>Kept in memory and updated by {@link #record}, since the query API reads it on every answer;
   * not synchronized, so a query never waits behind a long read of the log.
   */
  public long reconciledThrough() {
    return reconciledThrough;
  }

  /** Walks the non-dry runs by start until the first gap; at most one row per run is read. */
  private long contiguousEnd() throws SQLException {
    long through = -1;
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT range_from, range_to FROM runs WHERE NOT dry_run ORDER BY range_from")) {
      while (r.next()) {
        long from = r.getLong(1);
        if (through >= 0 && from > through) {
          break;
        }
        through = Math.max(through, r.getLong(2));
      }
    }
    return through;
  }

  /** The latest runs first, at most {@code limit}. */
  public synchronized List<ReconciliationRun> runs(int limit) throws SQLException {
    List<ReconciliationRun> out = new ArrayList<>();
    try (PreparedStatement q = db.prepareStatement("SELECT * FROM runs ORDER BY id DESC LIMIT ?")) {
      q.setInt(1, limit);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          out.add(runOf(r));
        }
      }
    }
    return out;
  }

  /** One run by its id, if recorded. */
  public synchronized Optional<ReconciliationRun> run(long id) throws SQLException {
    try (PreparedStatement q = db.prepareStatement("SELECT * FROM runs WHERE id = ?")) {
      q.setLong(1, id);
      try (ResultSet r = q.executeQuery()) {
        return r.next() ? Optional.of(runOf(r)) : Optional.empty();
      }
    }
  }

  private static ReconciliationRun runOf(ResultSet r) throws SQLException {
    return new ReconciliationRun(
        r.getLong("id"),
        r.getLong("started_at"),
        r.getLong("range_from"),
        r.getLong("range_to"),
        r.getBoolean("dry_run"),
        new Comparison(
            r.getLong("rows_checked"),
            r.getLong("rows_differing"),
            r.getLong("clicks_to_add"),
            r.getLong("clicks_to_remove")),
        r.getLong("corrections"),
        r.getLong("duration_ms"));
  }

  /** A run's corrections in the order they were made; empty for an unknown run. */
  public synchronized List<Correction> corrections(long runId) throws SQLException {
    return corrections(runId, Long.MAX_VALUE);
  }

  /** A run's first {@code limit} corrections in the order they were made. */
  public synchronized List<Correction> corrections(long runId, long limit) throws SQLException {
    List<Correction> out = new ArrayList<>();
    try (PreparedStatement q =
        db.prepareStatement(
            "SELECT granularity, advertiser_id, ad_id, bucket_start, before, after, reason"
                + " FROM corrections WHERE run_id = ? ORDER BY rowid LIMIT ?")) {
      q.setLong(1, runId);
      q.setLong(2, limit);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          out.add(
              new Correction(
                  Granularity.fromApiName(r.getString(1)),
                  r.getLong(2),
                  r.getLong(3),
                  r.getLong(4),
                  r.getLong(5),
                  r.getLong(6),
                  Correction.Reason.valueOf(r.getString(7))));
        }
      }
    }
    return out;
  }

  @Override
  public synchronized void close() throws SQLException {
    db.close();
  }
}
