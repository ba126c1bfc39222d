package io.adclick.query;

import io.adclick.store.BucketTotal;
import io.adclick.time.Granularity;
import io.adclick.users.UserSketch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One stored series (an ad's or an advertiser's), read in whatever granularity a range needs. Sums
 * stored buckets into the buckets a request asked for.
 */
@FunctionalInterface
interface StoredSeries {

  /** Stored buckets of one granularity starting in {@code [from, to)}, in order. */
  List<BucketTotal> read(Granularity granularity, long from, long to);

  /**
   * Clicks and users per requested bucket: each bucket is covered by the coarsest stored buckets
   * that fit inside it ({@link RangeCover}), read in few runs, and each stored bucket is added to
   * the one requested bucket it lies in. Users are merged the same way, where no part of a bucket
   * is read from minutes.
   */
  default SeriesValues perBucket(SeriesRange range) {
    List<Long> bounds = range.bounds();
    int count = range.bucketCount();
    long[] clicks = new long[count];
    List<List<UserSketch>> parts = new ArrayList<>(count);
    boolean[] fromMinutes = new boolean[count];
    for (int i = 0; i < count; i++) {
      parts.add(new ArrayList<>(1));
    }
    for (RangeCover.Run run : RangeCover.ofBuckets(bounds)) {
      boolean minutes = run.granularity() == Granularity.MINUTE;
      if (minutes) {
        for (int b = bucketOf(bounds, run.from()); b <= bucketOf(bounds, run.to() - 1); b++) {
          fromMinutes[b] = true;
        }
      }
      for (BucketTotal stored : read(run.granularity(), run.from(), run.to())) {
        int bucket = bucketOf(bounds, stored.bucketStart());
        clicks[bucket] += stored.clicks();
        if (!minutes) {
          parts.get(bucket).add(stored.users());
        }
      }
    }
    UserSketch[] users = new UserSketch[count];
    boolean anyUser = false;
    for (int i = 0; i < count; i++) {
      users[i] = fromMinutes[i] ? null : UserSketch.merge(parts.get(i));
      anyUser |= users[i] != null && !users[i].isEmpty();
    }
    // Not one user in the whole range: its tokens carry no user keys, which is not "no users".
    return new SeriesValues(clicks, anyUser ? users : new UserSketch[count]);
  }

  private static int bucketOf(List<Long> bounds, long instant) {
    int at = Collections.binarySearch(bounds, instant);
    // Not a boundary itself: the insertion point is one after the bucket holding it.
    return at >= 0 ? at : -at - 2;
  }
}
