package io.adclick.store.clickhouse;

import io.adclick.time.Granularity;

/**
 * The SQL of each read. A bucket's total is, per ad and salt, the largest running total written
 * ({@code max}, correct whether or not the parts holding older totals have merged yet), summed over
 * salts and, for an advertiser's minutes and per-ad tables, over ads. Every value is a typed long
 * placed by {@link Sql}.
 */
final class Queries {

  static final String COMPLETE_THROUGH =
      "SELECT max(value) FROM " + Schema.COMPLETE_THROUGH + " FORMAT TabSeparated";

  static final String SIZE_ON_DISK =
      "SELECT sum(bytes_on_disk) FROM system.parts WHERE database = currentDatabase() AND active"
          + " FORMAT TabSeparated";

  private Queries() {}

  /**
   * (bucket, clicks, users) rows of one ad (or, with ad 0, an advertiser's hour or day totals), one
   * per bucket and salt, in bucket order: users are merged in Java, which ClickHouse cannot.
   */
  static String series(Granularity g, long advertiserId, long adId, long from, long to) {
    return Sql.render(
        "SELECT bucket, max(clicks), hex(argMax(users, clicks)) FROM "
            + Schema.table(g)
            + " WHERE advertiser = ? AND ad = ? AND bucket >= ? AND bucket < ?"
            + " GROUP BY bucket, salt ORDER BY bucket FORMAT TabSeparated",
        advertiserId,
        adId,
        from,
        to);
  }

  /** (bucket, clicks) rows of one advertiser's minutes, summed over its ads, in bucket order. */
  static String advertiserMinutes(long advertiserId, long from, long to) {
    return sumOfLargestTotals(
        Granularity.MINUTE, "bucket", "ad, salt", "advertiser = ?", advertiserId, from, to);
  }

  /**
   * (advertiser, ad, bucket, clicks) rows of every ad's buckets in a range, and the advertisers'
   * totals (ad 0) for hours and days, in that order.
   */
  static String adBuckets(Granularity g, long from, long to) {
    return sumOfLargestTotals(g, "advertiser, ad, bucket", "salt", "1 = 1", from, to);
  }

  /** (ad, clicks) rows of one advertiser's ads over a range, in ad order. */
  static String adTotals(Granularity g, long advertiserId, long from, long to) {
    return sumOfLargestTotals(
        g, "ad", "bucket, salt", "advertiser = ? AND ad != 0", advertiserId, from, to);
  }

  /**
   * Per {@code key}, the sum over {@code rest} of the largest total of each (key, rest), for rows
   * matching {@code filter} with buckets in {@code [from, to)}; ordered by key.
   *
   * @param values the filter's values, then from and to
   */
  private static String sumOfLargestTotals(
      Granularity g, String key, String rest, String filter, long... values) {
    return Sql.render(
        "SELECT "
            + key
            + ", sum(total) FROM (SELECT "
            + key
            + ", "
            + rest
            + ", max(clicks) AS total FROM "
            + Schema.table(g)
            + " WHERE "
            + filter
            + " AND bucket >= ? AND bucket < ? GROUP BY "
            + key
            + ", "
            + rest
            + ") GROUP BY "
            + key
            + " ORDER BY "
            + key
            + " FORMAT TabSeparated",
        values);
  }

  /** The partitions of a table that hold data now, as their partition key (a period number). */
  static String partitions(Granularity g) {
    return "SELECT DISTINCT partition FROM system.parts WHERE database = currentDatabase()"
        + " AND table = '"
        + Schema.table(g)
        + "' AND active FORMAT TabSeparated";
  }

  /** Drops one partition of a table by its period number. */
  static String dropPartition(Granularity g, long periodNumber) {
    return Sql.render("ALTER TABLE " + Schema.table(g) + " DROP PARTITION ?", periodNumber);
  }
}
