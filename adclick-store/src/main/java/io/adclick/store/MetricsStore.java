package io.adclick.store;

import io.adclick.time.Granularity;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the stream job's counts land and where the query API reads them. Implementations are
 * thread-safe and are checked by the same contract tests.
 *
 * <p>Three views of the same counts: one ad's series, an advertiser's series (the sum of its ads),
 * and per-ad totals of one advertiser over a range. All reads take {@code [fromInclusive,
 * toExclusive)} over bucket starts in the given granularity; buckets with no clicks are absent.
 */
public interface MetricsStore extends AutoCloseable {

  /**
   * Raises each bucket's running total to the given value; a value below the stored one changes
   * nothing. Writing a total twice is harmless (replay converges), and a job restored from an older
   * checkpoint, which rewrites the smaller totals it had then until its replay catches up, can
   * never move a bucket backwards: totals readers see only ever grow. Counts with adId {@link
   * BucketCount#ADVERTISER_TOTAL} are advertiser totals of hours and days.
   *
   * @throws IllegalArgumentException if a count has a negative bucket start or clicks, or is an
   *     advertiser total of a minute
   */
  void upsert(List<BucketCount> counts);

  /**
   * Sets each bucket's total to exactly the given clicks and users, for all of the bucket's salts
   * together: the repair reconciliation makes, which unlike {@link #upsert} may lower a total.
   * Clicks 0 remove the bucket. A day's total also sets the advertiser's per-ad table. Meant for
   * buckets the job no longer writes: a running total written later is merged over the repaired one
   * as by {@link #upsert}.
   *
   * @throws IllegalArgumentException if a count has a salt, or is one {@link #upsert} refuses
   */
  void overwrite(List<BucketCount> totals);

  /** One ad's buckets in bucket order, each summed over the ad's salts. */
  List<BucketTotal> adSeries(
      Granularity granularity, long advertiserId, long adId, long fromInclusive, long toExclusive);

  /**
   * An advertiser's buckets in bucket order: for hours and days its totals as written, for minutes
   * the sum over its ads' minutes. (The job writes advertiser totals equal to the sum of the ad
   * totals it writes, so a store may also answer hours and days by summing its ads.)
   */
  List<BucketTotal> advertiserSeries(
      Granularity granularity, long advertiserId, long fromInclusive, long toExclusive);

  /**
   * Each of the advertiser's ads that had clicks in the range, with its clicks summed over the
   * range's buckets; in no particular order.
   */
  List<AdTotal> adTotals(
      Granularity granularity, long advertiserId, long fromInclusive, long toExclusive);

  /**
   * Hands every bucket of a granularity with its start in {@code [fromInclusive, toExclusive)} to
   * {@code out} without holding them all, ordered by advertiser, ad and bucket: each ad's summed
   * over its salts, and for hours and days each advertiser's totals first, as ad {@link
   * BucketCount#ADVERTISER_TOTAL}. What reconciliation walks beside its recount.
   *
   * @throws IllegalArgumentException unless the range is non-empty and lies within one UTC day (a
   *     day is the unit an embedded store keeps minutes in)
   */
  void scanBuckets(
      Granularity granularity, long fromInclusive, long toExclusive, Consumer<BucketCount> out);

  /** The check {@link #scanBuckets} makes of its range. */
  static void requireWithinOneDay(long fromInclusive, long toExclusive) {
    if (fromInclusive < 0 || toExclusive <= fromInclusive) {
      throw new IllegalArgumentException(
          "a range needs 0 <= from < to, got [" + fromInclusive + ", " + toExclusive + ")");
    }
    if (Granularity.DAY.bucketStart(fromInclusive)
        != Granularity.DAY.bucketStart(toExclusive - 1)) {
      throw new IllegalArgumentException(
          "a scan of buckets must lie within one UTC day, got ["
              + fromInclusive
              + ", "
              + toExclusive
              + ")");
    }
  }

  /**
   * Records that every click before this instant is counted and no bucket ending at or before it
   * will change in normal operation. Never moves backwards.
   */
  void advanceCompleteThrough(long epochMillis);

  /** The latest instant passed to {@link #advanceCompleteThrough}, or 0 if none. */
  long completeThrough();

  /**
   * Removes data older than its retention as of {@code nowMillis}, whole partitions at a time,
   * without scanning live data. Returns the number of partitions removed.
   */
  int applyRetention(Retention retention, long nowMillis);

  /**
   * How many counts a writer should gather per {@link #upsert}: small for an embedded store, where
   * a batch is one local write, large for a store where each call is a network round trip and a new
   * part on the server.
   */
  int preferredBatchSize();

  /** Bytes the store occupies on disk (or on its server), for benchmarks and metrics. */
  long sizeOnDiskBytes();

  @Override
  void close();
}
