package io.adclick.bench.reconcile;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Writes days of synthetic raw clicks into a lake folder in the archive's layout and schema ({@code
 * ArchiveSchema}, {@code dt=YYYY-MM-DD/hour=HH/clicks-*.parquet}, ZSTD), through DuckDB, so the
 * recount reads what it would read in production. Per day: {@code clicksPerDay} clicks over the
 * day, ads drawn with a Zipf(1)-like popularity (rank {@code floor(ads^u)} for uniform u), 5% of
 * impressions clicked twice within 10 minutes (some across midnight, into the next day), 1% of
 * clicks on tokens shown up to 24 h earlier, 3% of clicks that never count (prefetch, preview,
 * expired). Rows are in click-time order within files, as the job writes them; an hour is split
 * into {@code filesPerHour} files, as the job's checkpoints split it.
 */
final class SyntheticLake {

  private final Path root;
  private final long clicksPerDay;
  private final int ads;
  private final int advertisers;
  private final int filesPerHour;

  SyntheticLake(Path root, long clicksPerDay, int ads, int advertisers, int filesPerHour) {
    this.root = root;
    this.clicksPerDay = clicksPerDay;
    this.ads = ads;
    this.advertisers = advertisers;
    this.filesPerHour = filesPerHour;
  }

  /** Writes the day; {@code seed} makes its impressions distinct from other days'. */
  void writeDay(LocalDate day, int seed) throws SQLException {
    long dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long firsts = Math.round(clicksPerDay / 1.05);
    long rowsPerFile = Math.max(1, clicksPerDay / 24 / filesPerHour);
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = db.createStatement()) {
      s.execute("SET preserve_insertion_order = true");
      s.execute(
          ("""
          COPY (
            WITH first_clicks AS (
              SELECT h, %2$d + (hash(h, 'time') %% 86400000)::BIGINT AS t,
                     floor(exp((hash(h, 'ad') %% 1000000000) / 1e9 * ln(%3$d)))::BIGINT AS ad_id,
                     CASE WHEN hash(h, 'late') %% 100 = 0 THEN (hash(h, 'delay') %% 86000000)::BIGINT
                          ELSE (hash(h, 'delay') %% 60000)::BIGINT END AS delay,
                     CASE hash(h, 'kind') %% 100 WHEN 0 THEN 'PREFETCH' WHEN 1 THEN 'PREVIEW'
                          WHEN 2 THEN 'EXPIRED' ELSE 'CANDIDATE' END AS kind
              FROM (SELECT hash(range, %1$d) AS h FROM range(%5$d))),
            all_clicks AS (
              SELECT h, t, t - delay AS issued, ad_id, kind, 0 AS nth FROM first_clicks
              UNION ALL
              SELECT h, t + (hash(h, 'again') %% 600000)::BIGINT, t - delay, ad_id, 'CANDIDATE', 1
              FROM first_clicks WHERE hash(h, 'repeat') %% 1000 < 50)
            SELECT ad_id, 1 + ad_id %% %4$d AS advertiser_id,
                   (h >> 1)::BIGINT AS impression_hi, (hash(h, 'lo') >> 1)::BIGINT AS impression_lo,
                   t AS click_time_millis, issued AS issued_at_millis, NULL::VARCHAR AS user_key,
                   kind, 0 AS salt, (h %% 4)::INTEGER AS kafka_partition,
                   t * 4 + nth AS kafka_offset,
                   strftime(make_timestamp(t * 1000), '%%Y-%%m-%%d') AS dt,
                   strftime(make_timestamp(t * 1000), '%%H') AS hour
            FROM all_clicks ORDER BY t)
          TO '%6$s' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (dt, hour),
                     FILENAME_PATTERN 'clicks-%1$d-{uuid}', APPEND,
                     ROW_GROUP_SIZE %7$d, ROW_GROUPS_PER_FILE 1)
          """)
              .formatted(
                  seed,
                  dayStart,
                  ads,
                  advertisers,
                  firsts,
                  root.toString().replace("'", "''"),
                  rowsPerFile));
    }
  }
}
