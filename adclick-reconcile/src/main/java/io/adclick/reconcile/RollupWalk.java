package io.adclick.reconcile;

import io.adclick.store.MetricsStore;
import io.adclick.time.Granularity;
import java.util.Collections;
import java.util.function.Consumer;

/**
 * The audit of one coarser granularity (hours or days) within a range: the recount's minutes rolled
 * up into the buckets wholly inside the range, walked beside the store's buckets of those, read
 * ahead on a thread of their own. Finds a total wrong on its own, above minutes that are right.
 */
final class RollupWalk implements AutoCloseable {

  private final RecountRollup rollup;
  private final ScanAhead stored;
  private final BucketWalk walk;

  private RollupWalk(
      Granularity granularity,
      long from,
      long to,
      MetricsStore store,
      Consumer<BucketDifference> differences) {
    long first = RecountRollup.wholeBucketsFrom(granularity, from);
    long end = granularity.bucketStart(to);
    stored = first < end ? ScanAhead.start(store, granularity, first, end) : null;
    walk =
        new BucketWalk(
            stored == null ? Collections.emptyIterator() : new TotalsAfterAds(stored), differences);
    rollup = new RecountRollup(granularity, from, to, walk::recounted);
  }

  /**
   * Starts reading the store's buckets of {@code granularity} wholly inside {@code [from, to)},
   * which lies within one UTC day.
   */
  static RollupWalk start(
      Granularity granularity,
      long from,
      long to,
      MetricsStore store,
      Consumer<BucketDifference> differences) {
    return new RollupWalk(granularity, from, to, store, differences);
  }

  /** The recount's next minute, in (advertiser, ad, minute) order. */
  void minute(RecountedMinute m) {
    rollup.minute(m);
  }

  /**
   * Finishes the walk after the recount's last minute. Rows only: the clicks to add and remove are
   * the minutes', which these buckets sum.
   */
  Comparison finish() {
    rollup.finish();
    walk.finish();
    return walk.result().rowsOnly();
  }

  @Override
  public void close() {
    if (stored != null) {
      stored.close();
    }
  }
}
