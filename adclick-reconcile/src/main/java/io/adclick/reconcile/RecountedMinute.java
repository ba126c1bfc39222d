package io.adclick.reconcile;

/** The clicks the lake says one ad had in one minute: first valid clicks of their impressions. */
public record RecountedMinute(long advertiserId, long adId, long minuteStart, long clicks) {}
