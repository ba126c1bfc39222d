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
    long after) {}
