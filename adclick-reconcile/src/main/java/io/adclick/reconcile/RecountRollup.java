package io.adclick.reconcile;

import io.adclick.store.BucketCount;
import io.adclick.time.Granularity;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Rolls the recount's minutes, as they come in (advertiser, ad, minute) order, up into the hours or
 * days that lie wholly inside the range recounted, and hands them on in {@link BucketWalk#order
 * walk order}: each ad's buckets, then its advertiser's totals once the advertiser's last ad has
 * gone by. A bucket the range cuts is left out: the recount saw only part of its clicks.
 *
 * <p>Bound: one ad's bucket and one advertiser's totals of the range (at most 24 hours or one day:
 * the audit recounts a UTC day at a time).
 */
final class RecountRollup {

  private final Granularity granularity;
  private final long firstWhole;
  private final long endOfWhole;
  private final Consumer<BucketCount> out;
  private final Map<Long, Long> advertiserTotals = new TreeMap<>();
  private boolean adHeld;
  private long advertiser;
  private long ad;
  private long bucket;
  private long clicks;

  /**
   * @param from the range recounted, inclusive
   * @param to exclusive
   */
  RecountRollup(Granularity granularity, long from, long to, Consumer<BucketCount> out) {
    this.granularity = granularity;
    this.firstWhole = wholeBucketsFrom(granularity, from);
    this.endOfWhole = granularity.bucketStart(to);
    this.out = out;
  }

  /** The start of the first bucket of {@code g} wholly at or after {@code from}. */
  static long wholeBucketsFrom(Granularity g, long from) {
    long start = g.bucketStart(from);
    return start == from ? from : start + g.millis();
  }

  /** The next recounted minute, in (advertiser, ad, minute) order. */
  void minute(RecountedMinute m) {
    long b = granularity.bucketStart(m.minuteStart());
    if (b < firstWhole || b >= endOfWhole) {
      return;
    }
    if (adHeld && m.advertiserId() == advertiser && m.adId() == ad && b == bucket) {
      clicks += m.clicks();
    } else {
      flushAd();
      if (!advertiserTotals.isEmpty() && m.advertiserId() != advertiser) {
        flushAdvertiser();
      }
      adHeld = true;
      advertiser = m.advertiserId();
      ad = m.adId();
      bucket = b;
      clicks = m.clicks();
    }
    advertiserTotals.merge(b, m.clicks(), Long::sum);
  }

  /** Hands on what is held; call after the last minute. */
  void finish() {
    flushAd();
    flushAdvertiser();
  }

  private void flushAd() {
    if (adHeld) {
      out.accept(new BucketCount(granularity, advertiser, ad, bucket, clicks, 0));
      adHeld = false;
    }
  }

  private void flushAdvertiser() {
    advertiserTotals.forEach(
        (start, total) ->
            out.accept(
                new BucketCount(
                    granularity, advertiser, BucketCount.ADVERTISER_TOTAL, start, total, 0)));
    advertiserTotals.clear();
  }
}
