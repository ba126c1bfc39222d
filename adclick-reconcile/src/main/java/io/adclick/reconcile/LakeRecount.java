package io.adclick.reconcile;

import io.adclick.time.Granularity;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Counts clicks per ad and minute from the lake's raw clicks alone, in SQL, as an implementation
 * independent of the stream job's: of the {@code CANDIDATE} clicks of each impression the first in
 * log order (Kafka partition, then offset; an impression's repeats share a partition) counts, in
 * the minute of its click time. Clicks the job judged too late are counted too: reconciliation is
 * where they are meant to land.
 *
 * <p>An impression first clicked before the range must not count again inside it, so the recount
 * reads one token lifetime further back: no click of an impression comes later than its token's
 * lifetime after the impression was shown, hence after its first click.
 *
 * <p>A range whose look-back reaches before what the lake's retention kept ({@link LakeRetention})
 * is refused.
 *
 * <p>DuckDB runs in this JVM, in memory, on one connection per recount; its memory is bounded by
 * {@code memoryLimit} and it spills to {@code spillDirectory} beyond that.
 */
public final class LakeRecount {

  private static final String RECOUNT =
      """
      SELECT advertiser_id, ad_id, click_time_millis - click_time_millis % 60000 AS minute_start,
             count(*) AS clicks
      FROM (
        SELECT advertiser_id, ad_id, click_time_millis,
               row_number() OVER (
                 PARTITION BY impression_hi, impression_lo
                 ORDER BY kafka_partition, kafka_offset) AS nth
        FROM clicks
        WHERE kind = 'CANDIDATE' AND click_time_millis >= ? AND click_time_millis < ?)
      WHERE nth = 1 AND click_time_millis >= ?
      GROUP BY ALL
      ORDER BY advertiser_id, ad_id, minute_start
      """;

  private final LakeLayout lake;
  private final Duration tokenLifetime;
  private final String memoryLimit;
  private final Path spillDirectory;

  /**
   * @param lakeRoot the archive's root folder (holding {@code dt=...} folders)
   * @param tokenLifetime the click service's; how far back a recount looks for first clicks
   * @param memoryLimitMb DuckDB's memory limit for one recount
   * @param spillDirectory where DuckDB may spill beyond it
   */
  public LakeRecount(
      Path lakeRoot, Duration tokenLifetime, int memoryLimitMb, Path spillDirectory) {
    if (tokenLifetime.isNegative()) {
      throw new IllegalArgumentException("token lifetime must not be negative");
    }
    if (memoryLimitMb < 16) {
      throw new IllegalArgumentException("DuckDB needs at least 16 MB, got " + memoryLimitMb);
    }
    this.lake = new LakeLayout(lakeRoot);
    this.tokenLifetime = tokenLifetime;
    this.memoryLimit = memoryLimitMb + "MB";
    this.spillDirectory = spillDirectory;
  }

  /**
   * Opens the recount of {@code [from, to)}: every (ad, minute) with counted clicks, ordered by
   * advertiser, ad and minute, read row by row so a caller can walk the store's rows beside them
   * without either side held whole.
   *
   * @param from inclusive, epoch millis, a whole minute
   * @param to exclusive, epoch millis, a whole minute after {@code from}
   */
  public RecountCursor open(long from, long to) throws SQLException {
    requireMinute("from", from);
    requireMinute("to", to);
    if (to <= from) {
      throw new IllegalArgumentException("to must be after from");
    }
    long lookBackFrom = Math.max(0, from - tokenLifetime.toMillis());
    long retainedFrom = lake.retainedFrom();
    if (lookBackFrom < retainedFrom) {
      // The deleted clicks would be missing from the recount, and a repair would remove them.
      throw new IllegalArgumentException(
          "the lake's retention deleted the clicks before "
              + Instant.ofEpochMilli(retainedFrom)
              + "; a recount from "
              + Instant.ofEpochMilli(from)
              + " reads them from "
              + Instant.ofEpochMilli(lookBackFrom)
              + " (one token lifetime earlier)");
    }
    List<String> globs = lake.committedGlobs(lookBackFrom, to);
    if (globs.isEmpty()) {
      return RecountCursor.EMPTY;
    }
    Connection db = DriverManager.getConnection("jdbc:duckdb:");
    try {
      configure(db);
      try (Statement s = db.createStatement()) {
        // A table function's arguments cannot be bound; the paths come from configuration and
        // the clock, not from a request, and are quoted as SQL string literals.
        s.execute("CREATE VIEW clicks AS SELECT * FROM read_parquet(" + listOf(globs) + ")");
      }
      PreparedStatement q = db.prepareStatement(RECOUNT);
      q.setLong(1, lookBackFrom);
      q.setLong(2, to);
      q.setLong(3, from);
      return new RecountCursor(db, q.executeQuery());
    } catch (SQLException | RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private void configure(Connection db) throws SQLException {
    try (PreparedStatement memory = db.prepareStatement("SET memory_limit = ?");
        PreparedStatement spill = db.prepareStatement("SET temp_directory = ?")) {
      memory.setString(1, memoryLimit);
      memory.execute();
      spill.setString(1, spillDirectory.toString());
      spill.execute();
    }
  }

  private static String listOf(List<String> globs) {
    return globs.stream()
        .map(g -> "'" + g.replace("'", "''") + "'")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static void requireMinute(String name, long millis) {
    if (millis < 0 || Granularity.MINUTE.bucketStart(millis) != millis) {
      throw new IllegalArgumentException(name + " must be a whole minute, got " + millis);
    }
  }
}
