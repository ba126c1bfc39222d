package io.adclick.store;

import io.adclick.time.Granularity;
import io.adclick.users.UserSketch;
import java.util.Objects;

/**
 * The running total of counted clicks of one ad in one bucket, as the stream job writes it. Writing
 * the same total twice is harmless, which is what makes replay after a crash converge.
 *
 * @param advertiserId the ad's owner; stores keep per-advertiser series and per-ad tables from it
 * @param salt which of a hot ad's keys counted these clicks; a store keeps one total per salt and
 *     reads the sum. 0 for ads counted under one key
 * @param users the distinct users of these clicks, where their impressions carried a user key; kept
 *     for hours and days only (see {@link UpsertChecks}), empty for minutes. It grows with the
 *     clicks: two writes of the same running total carry the same users
 */
public record BucketCount(
    Granularity granularity,
    long advertiserId,
    long adId,
    long bucketStart,
    long clicks,
    int salt,
    UserSketch users) {

  /**
   * The ad id of an advertiser's total. The job counts advertisers itself so a store never has to
   * read an ad's old total to add the difference to its advertiser: every write is blind.
   */
  public static final long ADVERTISER_TOTAL = 0;

  public BucketCount {
    Objects.requireNonNull(granularity, "granularity");
    Objects.requireNonNull(users, "users");
  }

  /** A total whose clicks carried no user keys (and every minute's). */
  public BucketCount(
      Granularity granularity,
      long advertiserId,
      long adId,
      long bucketStart,
      long clicks,
      int salt) {
    this(granularity, advertiserId, adId, bucketStart, clicks, salt, UserSketch.EMPTY);
  }

  public boolean isAdvertiserTotal() {
    return adId == ADVERTISER_TOTAL;
  }
}
