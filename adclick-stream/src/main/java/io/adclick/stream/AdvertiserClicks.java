package io.adclick.stream;

/**
 * Clicks one ad added to one minute since its last write, for its advertiser's totals. Public only
 * because Flink serializes public records as POJOs rather than with Kryo.
 */
public record AdvertiserClicks(long advertiserId, long minuteStart, long clicks) {}
