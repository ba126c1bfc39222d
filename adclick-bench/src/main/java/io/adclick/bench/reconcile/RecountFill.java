package io.adclick.bench.reconcile;

import io.adclick.reconcile.RecountedMinute;
import io.adclick.store.BucketCount;
import io.adclick.store.MetricsStore;
import io.adclick.time.Granularity;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Fills a store with a recount as the stream job would have left it: every ad's minutes, hours and
 * day, and every advertiser's hours and day, each bucket written once. The recount's rows come in
 * (advertiser, ad, minute) order, so an ad's hours and an advertiser's totals are complete when the
 * next ad or advertiser starts.
 */
final class RecountFill {

  private final MetricsStore store;
  private final int batchSize;
  private final List<BucketCount> batch = new ArrayList<>();
  private final Map<Long, Long> adHours = new TreeMap<>();
  private final Map<Long, Long> advertiserHours = new TreeMap<>();
  private long advertiser = -1;
  private long ad = -1;
  private long rows;

  RecountFill(MetricsStore store) {
    this.store = store;
    this.batchSize = store.preferredBatchSize();
  }

  /**
   * Writes every row of the recount and its rollups, showing each row to {@code tap} too; returns
   * the minute rows written.
   */
  long fill(Iterator<RecountedMinute> recount, Consumer<RecountedMinute> tap) {
    while (recount.hasNext()) {
      RecountedMinute m = recount.next();
      tap.accept(m);
      if (m.adId() != ad || m.advertiserId() != advertiser) {
        finishAd();
        if (m.advertiserId() != advertiser) {
          finishAdvertiser();
        }
        advertiser = m.advertiserId();
        ad = m.adId();
      }
      add(Granularity.MINUTE, ad, m.minuteStart(), m.clicks());
      long hour = Granularity.HOUR.bucketStart(m.minuteStart());
      adHours.merge(hour, m.clicks(), Long::sum);
      advertiserHours.merge(hour, m.clicks(), Long::sum);
      rows++;
    }
    finishAd();
    finishAdvertiser();
    flush();
    return rows;
  }

  private void finishAd() {
    writeHoursAndDays(ad, adHours);
  }

  private void finishAdvertiser() {
    writeHoursAndDays(BucketCount.ADVERTISER_TOTAL, advertiserHours);
  }

  private void writeHoursAndDays(long adId, Map<Long, Long> hours) {
    Map<Long, Long> days = new TreeMap<>();
    hours.forEach(
        (hour, clicks) -> {
          add(Granularity.HOUR, adId, hour, clicks);
          days.merge(Granularity.DAY.bucketStart(hour), clicks, Long::sum);
        });
    days.forEach((day, clicks) -> add(Granularity.DAY, adId, day, clicks));
    hours.clear();
  }

  private void add(Granularity granularity, long adId, long start, long clicks) {
    batch.add(new BucketCount(granularity, advertiser, adId, start, clicks, 0));
    if (batch.size() >= batchSize) {
      flush();
    }
  }

  private void flush() {
    if (!batch.isEmpty()) {
      store.upsert(batch);
      batch.clear();
    }
  }
}
