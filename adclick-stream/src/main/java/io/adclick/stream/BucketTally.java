package io.adclick.stream;

import io.adclick.users.UserSketch;

/**
 * One bucket's running total, the total last written for it (so unchanged buckets are not written
 * again), and the users behind its clicks. Public only because Flink serializes public records as
 * POJOs rather than with Kryo.
 *
 * <p>The users live here rather than in state of their own so that they cost no state access: a
 * bucket's tally is read and written anyway whenever its clicks or its users change. What they hold
 * depends on the bucket: an hour's or a day's are the users of all its clicks; a minute's are only
 * those of its clicks since its last write, which then go on to its hour and day (minutes are
 * stored without users: see {@link io.adclick.store.UpsertChecks}).
 *
 * @param users no more than 2,088 bytes however many clicks ({@link UserSketch})
 */
public record BucketTally(long clicks, long emitted, UserSketch users) {

  static final BucketTally EMPTY = new BucketTally(0, 0, UserSketch.EMPTY);

  /** One more click, by nobody known. */
  BucketTally plusClick() {
    return new BucketTally(clicks + 1, emitted, users);
  }

  /** One more click, by the user with this {@link UserSketch#userHash}. */
  BucketTally plusClick(long userHash) {
    return new BucketTally(clicks + 1, emitted, users.plus(userHash));
  }

  BucketTally plus(long moreClicks, UserSketch moreUsers) {
    return new BucketTally(clicks + moreClicks, emitted, users.union(moreUsers));
  }

  boolean changed() {
    return clicks != emitted;
  }

  /** After an hour's or a day's write: its users stay, they are the bucket's. */
  BucketTally markEmitted() {
    return new BucketTally(clicks, clicks, users);
  }

  /** After a minute's write: its waiting users have gone on to its hour and day. */
  BucketTally minuteWritten() {
    return new BucketTally(clicks, clicks, UserSketch.EMPTY);
  }
}
