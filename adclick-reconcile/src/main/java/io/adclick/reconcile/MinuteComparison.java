package io.adclick.reconcile;

import io.adclick.store.BucketCount;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * Walks the store's minutes (pushed, as {@link io.adclick.store.MetricsStore#scanAdMinutes} hands
 * them on) beside the recount's (pulled), both in (advertiser, ad, minute) order, and reports each
 * minute where they differ, including those only one side has. Holds one row of each side.
 */
final class MinuteComparison implements Consumer<BucketCount> {

  private final Iterator<RecountedMinute> recount;
  private final Consumer<MinuteDifference> differences;
  private RecountedMinute pending;
  private BucketCount lastStored;
  private long checked;
  private long differing;
  private long clicksToAdd;
  private long clicksToRemove;

  MinuteComparison(Iterator<RecountedMinute> recount, Consumer<MinuteDifference> differences) {
    this.recount = recount;
    this.differences = differences;
  }

  /** One stored minute, in order after the last. */
  @Override
  public void accept(BucketCount stored) {
    if (lastStored != null
        && order(lastStored, stored.advertiserId(), stored.adId(), stored.bucketStart()) >= 0) {
      throw new IllegalStateException("the store's minutes came out of order at " + stored);
    }
    lastStored = stored;
    while (true) {
      RecountedMinute r = peek();
      int order = r == null ? 1 : -order(stored, r.advertiserId(), r.adId(), r.minuteStart());
      if (order < 0) {
        report(r.advertiserId(), r.adId(), r.minuteStart(), 0, r.clicks());
        pending = null;
      } else if (order == 0) {
        report(r.advertiserId(), r.adId(), r.minuteStart(), stored.clicks(), r.clicks());
        pending = null;
        return;
      } else {
        report(stored.advertiserId(), stored.adId(), stored.bucketStart(), stored.clicks(), 0);
        return;
      }
    }
  }

  /** Reports the recounted minutes after the store's last; call once the store's are all in. */
  void finish() {
    for (RecountedMinute r = peek(); r != null; r = peek()) {
      report(r.advertiserId(), r.adId(), r.minuteStart(), 0, r.clicks());
      pending = null;
    }
  }

  /** (ad, minute) pairs either side had. */
  long checked() {
    return checked;
  }

  long differing() {
    return differing;
  }

  /** What the walk found so far; complete after {@link #finish}. */
  Comparison result() {
    return new Comparison(checked, differing, clicksToAdd, clicksToRemove);
  }

  private RecountedMinute peek() {
    if (pending == null && recount.hasNext()) {
      pending = recount.next();
    }
    return pending;
  }

  private void report(long advertiser, long ad, long minute, long stored, long recounted) {
    checked++;
    if (stored != recounted) {
      differing++;
      clicksToAdd += Math.max(0, recounted - stored);
      clicksToRemove += Math.max(0, stored - recounted);
      differences.accept(new MinuteDifference(advertiser, ad, minute, stored, recounted));
    }
  }

  /** The order of a stored minute against another (advertiser, ad, minute). */
  private static int order(BucketCount stored, long advertiser, long ad, long minute) {
    int c = Long.compare(stored.advertiserId(), advertiser);
    c = c != 0 ? c : Long.compare(stored.adId(), ad);
    return c != 0 ? c : Long.compare(stored.bucketStart(), minute);
  }
}
