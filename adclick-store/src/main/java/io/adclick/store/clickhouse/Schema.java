package io.adclick.store.clickhouse;

import io.adclick.time.Granularity;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The tables, created idempotently when a store opens.
 *
 * <ul>
 *   <li>{@code ad_minute}, {@code ad_hour}, {@code ad_day}: every running total the job wrote, one
 *       row per write: (advertiser, ad, bucket, salt, clicks, users), all Int64 except salt
 *       (UInt8), clicks (UInt64) and users (String: the image of the distinct users' sketch, empty
 *       for none and always for minutes); bucket is the bucket start in epoch millis. Advertiser
 *       totals of hours and days are rows with ad 0. {@code ReplacingMergeTree} versioned by
 *       clicks, ordered by (advertiser, ad, bucket, salt): merges keep the largest total of each
 *       key, and reads take {@code max(clicks)} (and {@code argMax(users, clicks)}) per key, so
 *       they are right before, during and after merges without {@code FINAL}. One ad's series is
 *       one primary-key range; so is an advertiser's hour or day series (ad 0), and its minute
 *       series and per-ad table are one range too (all of its ads).
 *   <li>Partitions by bucket start, in fixed epoch-aligned periods (pure integer arithmetic, no
 *       time zone): a day for minutes (about 50M rows a day at the design point; retention counts
 *       in days), 30 days for hours and 360 days for days, whose rows are 60 and 1440 times fewer;
 *       the same periods as the RocksDB adapter, so retention drops the same data.
 *   <li>{@code counts_in}: a {@code Null} table that materialized views route by granularity into
 *       the three tables, so one upsert batch is one {@code INSERT}; users arrive there in hex.
 *   <li>{@code complete_through}: {@code ReplacingMergeTree} versioned by its only column; reads
 *       take {@code max(value)}, so it never moves backwards.
 * </ul>
 */
final class Schema {

  static final String INGEST = "counts_in";
  static final String COMPLETE_THROUGH = "complete_through";
  static final String INSERT_COUNTS =
      "INSERT INTO "
          + INGEST
          + " (granularity, advertiser, ad, bucket, salt, clicks, users_hex)"
          + " FORMAT TabSeparated";
  static final String INSERT_COMPLETE_THROUGH =
      "INSERT INTO " + COMPLETE_THROUGH + " (value) FORMAT TabSeparated";

  private static final String KEY_AND_CLICKS =
      "advertiser Int64, ad Int64, bucket Int64, salt UInt8, clicks UInt64";

  /**
   * Whether the tables have the users column, which a store created before unique users lacks: a
   * query answering 1 or 0.
   */
  static final String HAS_USERS =
      "SELECT count() FROM system.columns WHERE database = currentDatabase()"
          + " AND table = 'ad_hour' AND name = 'users' FORMAT TabSeparated";

  private static final int SKETCH_GRANULARITY = 1024;

  private Schema() {}

  /** The table of one granularity's totals. */
  static String table(Granularity granularity) {
    return "ad_" + granularity.apiName();
  }

  /** Length of one partition of a granularity's table, in millis. */
  static long partitionPeriod(Granularity granularity) {
    return switch (granularity) {
      case MINUTE -> Granularity.DAY.millis();
      case HOUR -> 30 * Granularity.DAY.millis();
      case DAY -> 360 * Granularity.DAY.millis();
    };
  }

  /**
   * Rows per granule, the least a read of one column takes from each part it touches. Minutes keep
   * ClickHouse's default: their rows are 16 bytes of key and count. Hours and days carry user
   * sketches of up to 2 KB, so a default granule of one would be megabytes read for a series of a
   * few hundred rows. Smaller granules cost primary-index memory: one key (25 bytes) per granule in
   * RAM, for {@value #SKETCH_GRANULARITY}-row granules about 25 MB per billion rows held.
   */
  static long indexGranularity(Granularity granularity) {
    return granularity == Granularity.MINUTE ? 8192 : SKETCH_GRANULARITY;
  }

  /** The statements creating every table, in order; each does nothing if its table exists. */
  static List<String> createStatements() {
    List<String> out = new ArrayList<>();
    StringJoiner granularities = new StringJoiner(", ", "Enum8(", ")");
    for (Granularity g : Granularity.values()) {
      out.add(
          Sql.render(
              "CREATE TABLE IF NOT EXISTS "
                  + table(g)
                  + " ("
                  + KEY_AND_CLICKS
                  + ", users String) ENGINE = ReplacingMergeTree(clicks) PARTITION BY intDiv(bucket, ?)"
                  + " ORDER BY (advertiser, ad, bucket, salt) SETTINGS index_granularity = ?",
              partitionPeriod(g),
              indexGranularity(g)));
      granularities.add("'" + g.apiName() + "' = " + (g.ordinal() + 1));
    }
    out.add(
        "CREATE TABLE IF NOT EXISTS "
            + INGEST
            + " (granularity "
            + granularities
            + ", "
            + KEY_AND_CLICKS
            // Hex, so the TabSeparated insert body stays plain ASCII with nothing to escape.
            + ", users_hex String) ENGINE = Null");
    for (Granularity g : Granularity.values()) {
      out.add(
          "CREATE MATERIALIZED VIEW IF NOT EXISTS "
              + table(g)
              + "_route TO "
              + table(g)
              + " AS SELECT advertiser, ad, bucket, salt, clicks, unhex(users_hex) AS users FROM "
              + INGEST
              + " WHERE granularity = '"
              + g.apiName()
              + "'");
    }
    out.add(
        "CREATE TABLE IF NOT EXISTS "
            + COMPLETE_THROUGH
            + " (value UInt64) ENGINE = ReplacingMergeTree(value) ORDER BY tuple()");
    return out;
  }
}
