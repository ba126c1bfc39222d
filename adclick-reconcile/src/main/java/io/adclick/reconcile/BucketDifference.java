package io.adclick.reconcile;

import io.adclick.time.Granularity;

/**
 * One bucket where the store and the recount disagree: an ad's minute, hour or day, or (ad {@link
 * io.adclick.store.BucketCount#ADVERTISER_TOTAL}) an advertiser's hour or day.
 *
 * @param stored the store's total, 0 where it has no row
 * @param recounted the lake's, 0 where it has no counted click
 */
public record BucketDifference(
    Granularity granularity,
    long advertiserId,
    long adId,
    long bucketStart,
    long stored,
    long recounted) {

  /** Clicks the repair adds (negative: removes). */
  public long delta() {
    return recounted - stored;
  }
}
