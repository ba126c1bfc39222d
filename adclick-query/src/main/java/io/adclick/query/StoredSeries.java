package io.adclick.query;

import io.adclick.store.BucketTotal;
import io.adclick.time.Granularity;
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
   * Clicks per requested bucket: each bucket is covered by the coarsest stored buckets that fit
   * inside it ({@link RangeCover}), read in few runs, and each stored bucket is added to the one
   * requested bucket it lies in.
   */
  default long[] clicksPerBucket(SeriesRange range) {
    List<Long> bounds = range.bounds();
    long[] clicks = new long[range.bucketCount()];
    for (RangeCover.Run run : RangeCover.ofBuckets(bounds)) {
      for (BucketTotal stored : read(run.granularity(), run.from(), run.to())) {
        int at = Collections.binarySearch(bounds, stored.bucketStart());
        // Not a boundary itself: the insertion point is one after the bucket holding it.
        int bucket = at >= 0 ? at : -at - 2;
        clicks[bucket] += stored.clicks();
      }
    }
    return clicks;
  }
}
