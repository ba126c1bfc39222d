package io.adclick.store;

import io.adclick.users.UserSketch;

/**
 * Clicks in one bucket of a series, summed over a hot ad's salts or an advertiser's ads, and their
 * distinct users merged the same way (empty for minutes, and where no click carried a user key).
 */
public record BucketTotal(long bucketStart, long clicks, UserSketch users) {

  /** A bucket without users: a minute, or clicks without user keys. */
  public BucketTotal(long bucketStart, long clicks) {
    this(bucketStart, clicks, UserSketch.EMPTY);
  }

  /** This bucket with another part of it added: a hot ad's next salt, say. */
  public BucketTotal plus(long moreClicks, UserSketch moreUsers) {
    return new BucketTotal(bucketStart, clicks + moreClicks, users.union(moreUsers));
  }
}
