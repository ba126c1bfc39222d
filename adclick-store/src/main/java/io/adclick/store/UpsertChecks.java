package io.adclick.store;

import io.adclick.time.Granularity;
import java.util.List;

/** The checks every adapter's {@link MetricsStore#upsert} makes before it writes anything. */
public final class UpsertChecks {

  private UpsertChecks() {}

  /**
   * @throws IllegalArgumentException if a count has a negative bucket start, clicks or id, or is an
   *     advertiser total of a minute or with a salt, or a minute with users (minutes keep none: at
   *     one or two clicks per ad and minute, distinct users would cost more than the counts)
   */
  /**
   * The checks of {@link MetricsStore#overwrite}: those of {@link #requireStorable}, and no salt,
   * since a repaired total stands for all of a bucket's salts.
   */
  public static void requireOverwritable(List<BucketCount> totals) {
    requireStorable(totals);
    for (BucketCount total : totals) {
      if (total.salt() != 0) {
        throw new IllegalArgumentException(
            "a repaired total stands for every salt of its bucket; give it salt 0: " + total);
      }
    }
  }

  public static void requireStorable(List<BucketCount> counts) {
    for (BucketCount count : counts) {
      if (count.bucketStart() < 0) {
        // Negative starts would sort after positive ones in big-endian keys.
        throw new IllegalArgumentException("bucketStart must not be negative: " + count);
      }
      if (count.clicks() < 0) {
        throw new IllegalArgumentException("clicks must not be negative: " + count);
      }
      if (count.adId() < 0 || count.advertiserId() < 0) {
        throw new IllegalArgumentException("ids must not be negative: " + count);
      }
      if (count.isAdvertiserTotal()
          && (count.granularity() == Granularity.MINUTE || count.salt() != 0)) {
        throw new IllegalArgumentException(
            "advertiser totals are kept for hours and days, unsalted: " + count);
      }
      if (count.granularity() == Granularity.MINUTE && !count.users().isEmpty()) {
        throw new IllegalArgumentException("users are kept for hours and days only: " + count);
      }
    }
  }
}
