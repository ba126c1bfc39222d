package io.adclick.store;

import io.adclick.time.Granularity;
import java.util.List;

/**
 * Where the stream job's counts land and where the query API reads them. Implementations are
 * thread-safe.
 */
public interface MetricsStore extends AutoCloseable {

  /** Sets each bucket's running total, overwriting what was there (idempotent upsert). */
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
