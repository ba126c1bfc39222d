package io.adclick.store;

import io.adclick.time.Granularity;
import java.util.List;

/**
 * Where the stream job's counts land and where the query API reads them. Implementations are
 * thread-safe.
 */
public interface MetricsStore extends AutoCloseable {

  /**
   * Raises each bucket's running total to the given value; a value below the stored one changes
   * nothing. Writing a total twice is harmless (replay converges), and a job restored from an older
   * checkpoint, which rewrites the smaller totals it had then until its replay catches up, can
   * never move a bucket backwards: totals readers see only ever grow.
   */
  void upsert(List<BucketCount> counts);

  /**
   * The stored buckets of one ad with {@code fromInclusive <= bucketStart < toExclusive}, in bucket
   * order. Buckets with no clicks may be absent.
   */
  List<BucketCount> series(
      Granularity granularity, long adId, long fromInclusive, long toExclusive);

  /**
   * Records that every click before this instant is counted and no bucket ending at or before it
   * will change in normal operation. Never moves backwards.
   */
  void advanceCompleteThrough(long epochMillis);

  /** The latest instant passed to {@link #advanceCompleteThrough}, or 0 if none. */
  long completeThrough();

  @Override
  void close();
}
