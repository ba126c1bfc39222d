package io.adclick.reconcile;

import io.adclick.store.BucketCount;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * Walks the recount's buckets of one granularity (pushed, as they are counted) beside the store's
 * (pulled), both in {@link #order walk order}, and reports each bucket where they differ, including
 * those only one side has. Holds one row of each side.
 */
final class BucketWalk {

  private final Iterator<BucketCount> stored;
  private final Consumer<BucketDifference> differences;
  private BucketCount pending;
  private BucketCount lastStored;
  private BucketCount lastRecounted;
  private long checked;
  private long differing;
  private long clicksToAdd;
  private long clicksToRemove;

  BucketWalk(Iterator<BucketCount> stored, Consumer<BucketDifference> differences) {
    this.stored = stored;
    this.differences = differences;
  }

  /**
   * Advertiser, then ad with each advertiser's totals (ad {@link BucketCount#ADVERTISER_TOTAL})
   * after its ads, since a recount knows them only once it has counted every ad; then bucket.
   */
  static int order(BucketCount a, BucketCount b) {
    int c = Long.compare(a.advertiserId(), b.advertiserId());
    // ad - 1 unsigned puts ad 0 after every positive ad id
    c = c != 0 ? c : Long.compareUnsigned(a.adId() - 1, b.adId() - 1);
    return c != 0 ? c : Long.compare(a.bucketStart(), b.bucketStart());
  }

  /** One recounted bucket, in walk order after the last. */
  void recounted(BucketCount r) {
    lastRecounted = inOrder(lastRecounted, r, "recount");
    while (true) {
      BucketCount s = peek();
      int order = s == null ? 1 : order(s, r);
      if (order < 0) {
        report(s, s.clicks(), 0);
        pending = null;
      } else if (order == 0) {
        report(r, s.clicks(), r.clicks());
        pending = null;
        return;
      } else {
        report(r, 0, r.clicks());
        return;
      }
    }
  }

  /** Reports the store's buckets after the recount's last; call once the recount's are all in. */
  void finish() {
    for (BucketCount s = peek(); s != null; s = peek()) {
      report(s, s.clicks(), 0);
      pending = null;
    }
  }

  /** What the walk found so far; complete after {@link #finish}. */
  Comparison result() {
    return new Comparison(checked, differing, clicksToAdd, clicksToRemove);
  }

  private BucketCount peek() {
    if (pending == null && stored.hasNext()) {
      pending = inOrder(lastStored, stored.next(), "store");
      lastStored = pending;
    }
    return pending;
  }

  private static BucketCount inOrder(BucketCount last, BucketCount next, String side) {
    if (last != null && order(last, next) >= 0) {
      throw new IllegalStateException("the " + side + "'s buckets came out of order at " + next);
    }
    return next;
  }

  private void report(BucketCount at, long stored, long recounted) {
    checked++;
    if (stored != recounted) {
      differing++;
      clicksToAdd += Math.max(0, recounted - stored);
      clicksToRemove += Math.max(0, stored - recounted);
      differences.accept(
          new BucketDifference(
              at.granularity(), at.advertiserId(), at.adId(), at.bucketStart(), stored, recounted));
    }
  }
}
