package io.adclick.stream;

import io.adclick.users.UserSketch;

/**
 * Clicks one ad added to one minute since its last write, for its advertiser's totals, with the
 * users of those of them whose impressions carried a user key. Public only because Flink serializes
 * public records as POJOs rather than with Kryo.
 */
public record AdvertiserClicks(long advertiserId, long minuteStart, long clicks, UserSketch users) {

  /** Clicks none of which carried a user key. */
  public AdvertiserClicks(long advertiserId, long minuteStart, long clicks) {
    this(advertiserId, minuteStart, clicks, UserSketch.EMPTY);
  }
}
