package io.adclick.store;

import io.adclick.time.Granularity;

/**
 * The running total of counted clicks of one ad in one bucket. Writing the same total twice is
 * harmless, which is what makes replay after a crash converge.
 *
 * @param salt which of a hot ad's keys counted these clicks; a store keeps one total per salt and
 *     reads the sum. 0 for ads counted under one key, and in every total a store returns.
 */
public record BucketCount(
    Granularity granularity, long adId, long bucketStart, long clicks, int salt) {

  /** A total of an ad counted under one key, or a sum over all of a hot ad's keys. */
  public BucketCount(Granularity granularity, long adId, long bucketStart, long clicks) {
    this(granularity, adId, bucketStart, clicks, 0);
  }
}
