package io.adclick.store;

/** Clicks in one bucket of a series, summed over a hot ad's salts or an advertiser's ads. */
public record BucketTotal(long bucketStart, long clicks) {}
