package io.adclick.reconcile;

import static io.adclick.reconcile.Correction.Reason.RECOUNT;
import static io.adclick.reconcile.Correction.Reason.ROLLUP;

import io.adclick.store.AdTotal;
import io.adclick.store.BucketCount;
import io.adclick.store.BucketTotal;
import io.adclick.store.MetricsStore;
import io.adclick.time.Granularity;
import io.adclick.users.UserSketch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Repairs the store where a {@link StoreAudit} found it wrong. Each differing bucket is set to the
 * recount: minutes first, then the hours, days and advertiser totals the audit compared directly.
 * Then each hour and day a changed bucket rolls into is set to the sum of its parts as now stored
 * (hours from minutes, days from hours), and so are the advertiser's hour and day totals (from its
 * ads): that reaches the buckets the range only cut, which the audit could not compare, and leaves
 * the ones it compared as they are, since their recount is the sum of the recounted parts. A bucket
 * already right is not written. Users' sketches are kept as they are: the lake's user keys are not
 * recounted yet, so a repaired hour's users may trail its clicks.
 *
 * <p>Hours and days are summed from what the store holds, so a repair is only as good as the
 * minutes beneath it: run it over whole hours, within minute retention.
 */
public final class StoreRepair {

  private final MetricsStore store;

  public StoreRepair(MetricsStore store) {
    this.store = store;
  }

  /** Writes the repairs; returns every bucket changed, minutes first, with its old total. */
  public List<Correction> repair(List<BucketDifference> differences) {
    List<Correction> made = new ArrayList<>();
    Set<AdBucket> hours = new TreeSet<>();
    List<BucketCount> minutes = new ArrayList<>();
    for (BucketDifference d : differences) {
      if (d.granularity() != Granularity.MINUTE) {
        continue;
      }
      minutes.add(
          count(
              Granularity.MINUTE,
              d.advertiserId(),
              d.adId(),
              d.bucketStart(),
              d.recounted(),
              UserSketch.EMPTY));
      made.add(recounted(d));
      hours.add(
          new AdBucket(d.advertiserId(), d.adId(), Granularity.HOUR.bucketStart(d.bucketStart())));
    }
    store.overwrite(minutes);
    Set<AdBucket> days = new TreeSet<>();
    for (BucketDifference d : differences) {
      if (d.granularity() == Granularity.MINUTE) {
        continue;
      }
      AdBucket bucket = new AdBucket(d.advertiserId(), d.adId(), d.bucketStart());
      set(d.granularity(), bucket, stored(d.granularity(), bucket), d.recounted(), made, RECOUNT);
      if (d.granularity() == Granularity.HOUR && !bucket.isAdvertiserTotal()) {
        days.add(bucket.in(Granularity.DAY));
      }
    }
    for (AdBucket hour : hours) {
      resum(Granularity.HOUR, hour, Granularity.MINUTE, made);
      days.add(hour.in(Granularity.DAY));
    }
    for (AdBucket day : days) {
      resum(Granularity.DAY, day, Granularity.HOUR, made);
    }
    resumAdvertisers(Granularity.HOUR, hours, made);
    resumAdvertisers(Granularity.DAY, days, made);
    return made;
  }

  /** Sets an ad's bucket to the sum of its stored parts of the finer granularity. */
  private void resum(Granularity g, AdBucket bucket, Granularity parts, List<Correction> made) {
    long end = bucket.start() + g.millis();
    long sum = 0;
    for (BucketTotal part :
        store.adSeries(parts, bucket.advertiserId(), bucket.adId(), bucket.start(), end)) {
      sum += part.clicks();
    }
    set(g, bucket, stored(g, bucket), sum, made, ROLLUP);
  }

  /** Re-sums the advertiser totals of the buckets these ads' buckets are in. */
  private void resumAdvertisers(Granularity g, Set<AdBucket> adBuckets, List<Correction> made) {
    Set<AdBucket> advertiserBuckets = new TreeSet<>();
    for (AdBucket b : adBuckets) {
      advertiserBuckets.add(
          new AdBucket(b.advertiserId(), BucketCount.ADVERTISER_TOTAL, b.start()));
    }
    for (AdBucket b : advertiserBuckets) {
      resumAdvertiser(g, b, made);
    }
  }

  /** Sets an advertiser's bucket to the sum of its ads' stored totals of that bucket. */
  private void resumAdvertiser(Granularity g, AdBucket bucket, List<Correction> made) {
    long end = bucket.start() + g.millis();
    long sum = 0;
    for (AdTotal ad : store.adTotals(g, bucket.advertiserId(), bucket.start(), end)) {
      sum += ad.clicks();
    }
    set(g, bucket, stored(g, bucket), sum, made, ROLLUP);
  }

  /** The store's total of a bucket, as a list of none or one. */
  private List<BucketTotal> stored(Granularity g, AdBucket bucket) {
    long end = bucket.start() + g.millis();
    return bucket.isAdvertiserTotal()
        ? store.advertiserSeries(g, bucket.advertiserId(), bucket.start(), end)
        : store.adSeries(g, bucket.advertiserId(), bucket.adId(), bucket.start(), end);
  }

  private void set(
      Granularity g,
      AdBucket bucket,
      List<BucketTotal> stored,
      long clicks,
      List<Correction> made,
      Correction.Reason reason) {
    long before = stored.isEmpty() ? 0 : stored.get(0).clicks();
    if (before == clicks) {
      return;
    }
    UserSketch users = stored.isEmpty() ? UserSketch.EMPTY : stored.get(0).users();
    store.overwrite(
        List.of(count(g, bucket.advertiserId(), bucket.adId(), bucket.start(), clicks, users)));
    made.add(
        new Correction(
            g, bucket.advertiserId(), bucket.adId(), bucket.start(), before, clicks, reason));
  }

  /** A minute set to the recount. */
  private static Correction recounted(BucketDifference d) {
    return new Correction(
        d.granularity(),
        d.advertiserId(),
        d.adId(),
        d.bucketStart(),
        d.stored(),
        d.recounted(),
        RECOUNT);
  }

  private static BucketCount count(
      Granularity g, long advertiser, long ad, long start, long clicks, UserSketch users) {
    return new BucketCount(g, advertiser, ad, start, clicks, 0, users);
  }

  /** One ad's (or, with ad 0, its advertiser's) bucket, ordered so writes go in key order. */
  private record AdBucket(long advertiserId, long adId, long start)
      implements Comparable<AdBucket> {
    private static final Comparator<AdBucket> KEY_ORDER =
        Comparator.comparingLong(AdBucket::advertiserId)
            .thenComparingLong(AdBucket::adId)
            .thenComparingLong(AdBucket::start);

    @Override
    public int compareTo(AdBucket o) {
      return KEY_ORDER.compare(this, o);
    }

    boolean isAdvertiserTotal() {
      return adId == BucketCount.ADVERTISER_TOTAL;
    }

    /** The bucket of a coarser granularity this one lies in. */
    AdBucket in(Granularity coarser) {
      return new AdBucket(advertiserId, adId, coarser.bucketStart(start));
    }
  }
}
