package io.adclick.bench.reconcile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Locale;

/**
 * Writes days of synthetic raw clicks into a lake folder in the archive's layout and schema ({@code
 * ArchiveSchema}, {@code dt=YYYY-MM-DD/hour=HH/clicks-*.parquet}, ZSTD), through DuckDB, so the
 * recount reads what it would read in production. {@code clicksPerDay} clicks a day, spread evenly;
 * ads drawn with a Zipf(1)-like popularity (rank {@code floor(ads^u)} for uniform u); 5% of
 * impressions clicked twice within 10 minutes (across hour and day boundaries too); 1% of clicks on
 * tokens shown up to 24 h earlier; 3% of clicks that never count (prefetch, preview, expired). Rows
 * are in click-time order within files, as the job writes them, and an hour is split into {@code
 * filesPerHour} files, as the job's checkpoints split it. Written an hour at a time, so memory
 * stays that of one hour.
 */
final class SyntheticLake {

  private static final long HOUR = 3_600_000;
  private static final long REPEAT_WITHIN = 600_000;

  private final Path root;
  private final long clicksPerDay;
  private final int ads;
  private final int advertisers;
  private final int filesPerHour;
  private final long epochStart;

  /**
   * @param epochStart the first day's start: impression i is first clicked at {@code epochStart + i
   *     * 86,400,000 / firstClicksPerDay}
   */
  SyntheticLake(
      Path root, long clicksPerDay, int ads, int advertisers, int filesPerHour, long epochStart) {
    this.root = root;
    this.clicksPerDay = clicksPerDay;
    this.ads = ads;
    this.advertisers = advertisers;
    this.filesPerHour = filesPerHour;
    this.epochStart = epochStart;
  }

  /** Writes the 24 hours of the day starting at {@code dayStart}. */
  void writeDay(long dayStart) throws SQLException, IOException {
    for (long hour = dayStart; hour < dayStart + 24 * HOUR; hour += HOUR) {
      writeHour(hour);
    }
  }

  private void writeHour(long hourStart) throws SQLException, IOException {
    long firstsPerDay = Math.round(clicksPerDay / 1.05);
    // Impressions first clicked from 10 minutes before the hour (their repeats) to its end.
    long fromIndex = Math.max(0, indexAt(hourStart - REPEAT_WITHIN - 1000, firstsPerDay));
    long toIndex = indexAt(hourStart + HOUR, firstsPerDay) + 1;
    long rowsPerFile = Math.max(1, clicksPerDay / 24 / filesPerHour);
    Path folder =
        root.resolve("dt=" + LocalDate.ofEpochDay(hourStart / 86_400_000))
            .resolve(String.format(Locale.ROOT, "hour=%02d", (hourStart / HOUR) % 24));
    Files.createDirectories(folder.getParent());
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = db.createStatement()) {
      s.execute("SET memory_limit = '2GB'");
      s.execute(
          ("""
          COPY (
            WITH first_clicks AS (
              SELECT h, %1$d + (i * 86400000 // %2$d)::BIGINT + (hash(h, 'jitter') %% 1000)::BIGINT AS t,
                     floor(exp((hash(h, 'ad') %% 1000000000) / 1e9 * ln(%3$d)))::BIGINT AS ad_id,
                     CASE WHEN hash(h, 'late') %% 100 = 0 THEN (hash(h, 'delay') %% 86000000)::BIGINT
                          ELSE (hash(h, 'delay') %% 60000)::BIGINT END AS delay,
                     CASE hash(h, 'kind') %% 100 WHEN 0 THEN 'PREFETCH' WHEN 1 THEN 'PREVIEW'
                          WHEN 2 THEN 'EXPIRED' ELSE 'CANDIDATE' END AS kind
              FROM (SELECT range AS i, hash(range) AS h FROM range(%5$d, %6$d))),
            all_clicks AS (
              SELECT h, t, t - delay AS issued, ad_id, kind, 0 AS nth FROM first_clicks
              UNION ALL
              SELECT h, t + (hash(h, 'again') %% %8$d)::BIGINT, t - delay, ad_id, 'CANDIDATE', 1
              FROM first_clicks WHERE hash(h, 'repeat') %% 1000 < 50)
            SELECT ad_id, 1 + ad_id %% %4$d AS advertiser_id,
                   (h >> 1)::BIGINT AS impression_hi, (hash(h, 'lo') >> 1)::BIGINT AS impression_lo,
                   t AS click_time_millis, issued AS issued_at_millis, NULL::VARCHAR AS user_key,
                   kind, 0 AS salt, (h %% 4)::INTEGER AS kafka_partition,
                   t * 4 + nth AS kafka_offset
            FROM all_clicks WHERE t >= %9$d AND t < %10$d
            ORDER BY t)
          TO '%7$s' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE %11$d,
                     ROW_GROUPS_PER_FILE 1, FILENAME_PATTERN 'clicks-{i}', OVERWRITE_OR_IGNORE)
          """)
              .formatted(
                  epochStart,
                  firstsPerDay,
                  ads,
                  advertisers,
                  fromIndex,
                  toIndex,
                  folder.toString().replace("'", "''"),
                  REPEAT_WITHIN,
                  hourStart,
                  hourStart + HOUR,
                  rowsPerFile));
    }
  }

  private long indexAt(long millis, long firstsPerDay) {
    return Math.floorDiv((millis - epochStart) * firstsPerDay, 86_400_000L);
  }
}
