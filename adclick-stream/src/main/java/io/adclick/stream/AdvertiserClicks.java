package io.adclick.stream;

/**
 * Clicks one ad added to one minute since its last write, for its advertiser's totals, with the
 * users of those of them whose impressions carried a user key. Public only because Flink serializes
 * public records as POJOs rather than with Kryo.
 *
 * @param userHashes {@link io.adclick.users.UserSketch#userHash} of each such click's user key
 */
public record AdvertiserClicks(
    long advertiserId, long minuteStart, long clicks, long[] userHashes) {

  /** Clicks none of which carried a user key. */
  public AdvertiserClicks(long advertiserId, long minuteStart, long clicks) {
    this(advertiserId, minuteStart, clicks, new long[0]);
  }

  // A record compares arrays by identity; these are values.
  @Override
  public boolean equals(Object o) {
    return o instanceof AdvertiserClicks other
        && advertiserId == other.advertiserId
        && minuteStart == other.minuteStart
        && clicks == other.clicks
        && java.util.Arrays.equals(userHashes, other.userHashes);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(advertiserId, minuteStart, clicks)
        + 31 * java.util.Arrays.hashCode(userHashes);
  }

  @Override
  public String toString() {
    return "AdvertiserClicks[advertiserId=%d, minuteStart=%d, clicks=%d, users=%d]"
        .formatted(advertiserId, minuteStart, clicks, userHashes.length);
  }
}
