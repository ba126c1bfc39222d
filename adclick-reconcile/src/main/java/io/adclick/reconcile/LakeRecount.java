package io.adclick.reconcile;

import static io.adclick.token.TokenVerifier.CLOCK_SKEW;

import io.adclick.time.Granularity;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Counts clicks per ad and minute from the lake's raw clicks alone, in SQL, as an implementation
 * independent of the stream job's: of the {@code CANDIDATE} clicks of each impression the first in
 * log order (Kafka partition, then offset; an impression's repeats share a partition) counts, in
 * the minute of its click time. Clicks the job judged too late are counted too: reconciliation is
 * where they are meant to land.
 *
 * <p>An impression first clicked before the range must not count again inside it, so the recount
 * looks one token lifetime (plus the clock skew tokens are allowed) further back: no candidate
 * click comes later than its token's lifetime after the impression was shown, hence after its first
 * click.
 *
 * <p>Why the query is shaped as it is: at the design point a day holds 100M clicks, and sorting or
 * grouping every click of the day and its look-back by impression with all its columns is what made
 * a first version take minutes. Nearly every impression is clicked once, so the query finds the few
 * that are not, by one narrow column, and orders only those:
 *
 * <ul>
 *   <li>{@code earlier}: look-back clicks of impressions also clicked in the range. Only a range
 *       click whose token was issued before the range start (plus the skew) can have one, since a
 *       candidate's click time is never earlier than its issue time minus the skew; those few
 *       impressions are looked up, so the look-back is read once, not grouped.
 *   <li>{@code later}: clicks after the range (within a lifetime) of impressions also clicked in
 *       the range, logged before their range click. Only a range click logged after the first click
 *       logged of those after the range, in its partition, can have one ({@code
 *       first_logged_after}); normally none is, only clicks replayed late from a spool.
 *   <li>{@code repeated}: impressions clicked more than once in the range, or also before it, by
 *       the low half of the impression id (62 random bits). A low half two impressions happen to
 *       share only sends both down the exact path below.
 *   <li>{@code firsts}: for those, every candidate ranked in log order by the full id; the first
 *       counts if it is in the range.
 *   <li>{@code singles}: every other range click counts as it is.
 * </ul>
 *
 * <p>Clicks are then counted and ordered by advertiser and one number for (ad, minute), {@code ad
 * id * minutes in the range + minute}: grouping and sorting on two keys rather than three took a
 * design-point day's reconciliation from 118.9 s to 109.3 s (bench/reconcile.sh). Ad ids are
 * positive and small (the registry numbers them from 1); one out of range fails the recount rather
 * than miscount.
 *
 * <p>A range whose look-back reaches before what the lake's retention kept ({@link LakeRetention})
 * is refused.
 *
 * <p>DuckDB runs in this JVM, in memory, on one connection per recount; its memory is bounded by
 * {@code memoryLimitMb} and it spills to {@code spillDirectory} beyond that.
 */
public final class LakeRecount {

  private static final String CANDIDATE_IN_RANGE =
      "kind = 'CANDIDATE' AND click_time_millis >= $1 AND click_time_millis < $2";

  private static final String RECOUNT =
      """
      WITH
      earlier AS MATERIALIZED (
        SELECT impression_hi, impression_lo, kafka_partition, kafka_offset
        FROM earlier_clicks
        WHERE kind = 'CANDIDATE' AND click_time_millis >= $3 AND click_time_millis < $1
          AND impression_lo IN (
            SELECT impression_lo FROM range_clicks
            WHERE %1$s AND issued_at_millis < $4)),
      first_logged_after AS MATERIALIZED (
        SELECT kafka_partition, min(kafka_offset) AS kafka_offset
        FROM later_clicks
        WHERE kind = 'CANDIDATE' AND click_time_millis >= $2 AND click_time_millis < $5
        GROUP BY kafka_partition),
      later AS MATERIALIZED (
        SELECT impression_hi, impression_lo, kafka_partition, kafka_offset
        FROM later_clicks
        WHERE kind = 'CANDIDATE' AND click_time_millis >= $2 AND click_time_millis < $5
          AND impression_lo IN (
            SELECT r.impression_lo FROM range_clicks r JOIN first_logged_after f
              ON r.kafka_partition = f.kafka_partition AND r.kafka_offset > f.kafka_offset
            WHERE %1$s)),
      outside AS (SELECT * FROM earlier UNION ALL SELECT * FROM later),
      repeated AS MATERIALIZED (
        SELECT impression_lo FROM range_clicks WHERE %1$s
        GROUP BY impression_lo HAVING count(*) > 1
        UNION
        SELECT impression_lo FROM outside),
      firsts AS (
        SELECT advertiser_id, ad_id, click_time_millis FROM (
          SELECT advertiser_id, ad_id, click_time_millis,
                 row_number() OVER (
                   PARTITION BY impression_hi, impression_lo
                   ORDER BY kafka_partition, kafka_offset) AS nth
          FROM (
            SELECT advertiser_id, ad_id, click_time_millis,
                   impression_hi, impression_lo, kafka_partition, kafka_offset
            FROM range_clicks
            WHERE %1$s AND impression_lo IN (SELECT impression_lo FROM repeated)
            UNION ALL
            SELECT NULL, NULL, NULL, impression_hi, impression_lo, kafka_partition, kafka_offset
            FROM outside))
        WHERE nth = 1 AND click_time_millis IS NOT NULL),
      singles AS (
        SELECT advertiser_id, ad_id, click_time_millis FROM range_clicks
        WHERE %1$s AND impression_lo NOT IN (SELECT impression_lo FROM repeated))
      SELECT advertiser_id, ad_minute // $6 AS ad_id, $1 + ad_minute %% $6 * 60000 AS minute_start,
             clicks
      FROM (
        SELECT advertiser_id,
               CASE WHEN ad_id BETWEEN 0 AND $7 THEN ad_id
                    ELSE error('ad id ' || ad_id || ' is out of the packable range') END * $6
                 + (click_time_millis - $1) // 60000 AS ad_minute,
               count(*) AS clicks
        FROM (SELECT * FROM singles UNION ALL SELECT * FROM firsts)
        GROUP BY ALL)
      ORDER BY advertiser_id, ad_minute
      """
          .formatted(CANDIDATE_IN_RANGE);

  private final LakeLayout lake;
  private final Duration tokenLifetime;
  private final int memoryLimitMb;
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
    this.memoryLimitMb = memoryLimitMb;
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
    long reach = tokenLifetime.toMillis() + CLOCK_SKEW.toMillis();
    long lookBackFrom = Math.max(0, from - reach);
    long lookAheadTo = to + reach;
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
              + " (one token lifetime and the clock skew earlier)");
    }
    List<String> range = lake.committedGlobs(from, to);
    if (range.isEmpty()) {
      return RecountCursor.EMPTY;
    }
    List<String> earlier = lake.committedGlobs(lookBackFrom, from);
    List<String> later = lake.committedGlobs(to, lookAheadTo);
    // Rows are fetched as the caller walks them: at the design point a day is some 50M rows.
    Connection db = DuckDb.open(memoryLimitMb, spillDirectory, true);
    try {
      try (Statement s = db.createStatement()) {
        s.execute("CREATE VIEW range_clicks AS " + filesOf(range));
        s.execute("CREATE VIEW earlier_clicks AS " + filesOrNone(earlier));
        s.execute("CREATE VIEW later_clicks AS " + filesOrNone(later));
      }
      PreparedStatement q = db.prepareStatement(RECOUNT);
      q.setLong(1, from);
      q.setLong(2, to);
      q.setLong(3, lookBackFrom);
      q.setLong(4, from + CLOCK_SKEW.toMillis());
      q.setLong(5, lookAheadTo);
      long minutes = (to - from) / Granularity.MINUTE.millis();
      q.setLong(6, minutes);
      q.setLong(7, (Long.MAX_VALUE - minutes) / minutes);
      return new RecountCursor(db, q.executeQuery());
    } catch (SQLException | RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private static String filesOrNone(List<String> globs) {
    return globs.isEmpty() ? "SELECT * FROM range_clicks WHERE false" : filesOf(globs);
  }

  private static String filesOf(List<String> globs) {
    return "SELECT * FROM read_parquet(" + DuckDb.quotedList(globs) + ")";
  }

  private static void requireMinute(String name, long millis) {
    if (millis < 0 || Granularity.MINUTE.bucketStart(millis) != millis) {
      throw new IllegalArgumentException(name + " must be a whole minute, got " + millis);
    }
  }
}
