package io.adclick.reconcile;

import io.adclick.time.Granularity;

/**
 * One bucket a repair changed: an ad's, or with ad {@link
 * io.adclick.store.BucketCount#ADVERTISER_TOTAL} its advertiser's total.
 */
public record Correction(
    Granularity granularity,
    long advertiserId,
    long adId,
    long bucketStart,
    long before,
    long after,
    Reason reason) {

  /** Why a bucket was changed. */
  public enum Reason {
    /** A minute whose total differed from the lake's recount. */
    RECOUNT,
    /** An hour, day or advertiser total re-summed from its parts after a minute beneath changed. */
    ROLLUP
  }
}
