package io.adclick.reconcile;

import io.adclick.store.BucketCount;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The store's buckets in {@link BucketWalk#order walk order}: the store hands each advertiser's
 * totals on before its ads, the recount can only count them after, so they are held back until the
 * advertiser's last ad has gone by.
 *
 * <p>Bound: one advertiser's totals of the range, at most 24 hours or one day (a scan lies within
 * one UTC day).
 */
final class TotalsAfterAds implements Iterator<BucketCount> {

  private final Iterator<BucketCount> inStoreOrder;
  private final ArrayDeque<BucketCount> totals = new ArrayDeque<>();
  private BucketCount next;
  private BucketCount nextAdvertisersFirst;

  TotalsAfterAds(Iterator<BucketCount> inStoreOrder) {
    this.inStoreOrder = inStoreOrder;
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      next = advance();
    }
    return next != null;
  }

  @Override
  public BucketCount next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    BucketCount out = next;
    next = null;
    return out;
  }

  private BucketCount advance() {
    while (true) {
      BucketCount row = nextAdvertisersFirst != null ? nextAdvertisersFirst : read();
      nextAdvertisersFirst = null;
      if (row == null) {
        return totals.poll();
      }
      if (!totals.isEmpty() && row.advertiserId() != totals.peek().advertiserId()) {
        nextAdvertisersFirst = row;
        return totals.poll();
      }
      if (!row.isAdvertiserTotal()) {
        return row;
      }
      totals.add(row);
    }
  }

  private BucketCount read() {
    return inStoreOrder.hasNext() ? inStoreOrder.next() : null;
  }
}
