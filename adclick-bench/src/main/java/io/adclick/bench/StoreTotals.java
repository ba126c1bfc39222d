package io.adclick.bench;

import io.adclick.store.BucketTotal;
import io.adclick.store.MetricsStore;
import io.adclick.time.Granularity;

/**
 * Reads every ad's total from the metrics store through its public API, as the query service would:
 * the sum of the ad's day buckets (every counted click is in exactly one day).
 */
final class StoreTotals {
  private StoreTotals() {}

  static CountCheck check(MetricsStore store, ExpectedCounts expected) {
    long stored = 0;
    int wrongAds = 0;
    for (long adId = 1; adId <= expected.ads(); adId++) {
      long total = 0;
      long advertiserId = SyntheticClicks.advertiserOf(adId);
      for (BucketTotal day :
          store.adSeries(Granularity.DAY, advertiserId, adId, 0, Long.MAX_VALUE)) {
        total += day.clicks();
      }
      stored += total;
      if (total != expected.of(adId)) {
        wrongAds++;
      }
    }
    return new CountCheck(expected.firstClicks(), stored, wrongAds);
  }
}
