package io.adclick.query;

import io.adclick.users.UserSketch;

/**
 * What a series request's buckets hold, read from the store: clicks, and distinct users where the
 * store can tell them.
 *
 * @param clicks clicks per bucket, zero where nothing was stored
 * @param users per bucket, the distinct users of its clicks, or null where they are unknown: a
 *     bucket with a part read from minutes (which keep no users: a minute bucket, or the half hours
 *     of a half-hour time zone), and every bucket where no click of the range carried a user key.
 *     Where some did, a bucket counts the users of those that did
 */
record SeriesValues(long[] clicks, UserSketch[] users) {

  /** A bucket's distinct users, rounded, or null where unknown. */
  Long uniqueUsers(int bucket) {
    return users[bucket] == null ? null : users[bucket].estimate();
  }

  /**
   * The distinct users of the whole range, each counted once however many buckets they clicked in;
   * null unless every bucket's are known.
   */
  Long uniqueUsers() {
    for (UserSketch sketch : users) {
      if (sketch == null) {
        return null;
      }
    }
    return UserSketch.merge(users).estimate();
  }
}
