package io.adclick.store;

/** One ad's clicks summed over a range of buckets. */
public record AdTotal(long adId, long clicks) {}
