package io.adclick.store;

import io.adclick.time.Granularity;

/**
 * The running total of counted clicks of one ad in one bucket. Writing the same total twice is
 * harmless, which is what makes replay after a crash converge.
 */
public record BucketCount(Granularity granularity, long adId, long bucketStart, long clicks) {}
