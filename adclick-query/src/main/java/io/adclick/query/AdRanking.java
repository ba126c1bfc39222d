package io.adclick.query;

import io.adclick.store.AdTotal;
import io.adclick.store.MetricsStore;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An advertiser's ads by clicks over a range of whole minutes, most clicked first. */
final class AdRanking {
  private static final Comparator<AdTotal> MOST_CLICKED_FIRST =
      Comparator.comparingLong(AdTotal::clicks).reversed().thenComparingLong(AdTotal::adId);

  private AdRanking() {}

  /**
   * Sums each ad over the runs that cover the range, days and hours where they fit, so a range of
   * months reads day rows plus two ragged edges. Ads without clicks in the range are absent.
   */
  static List<AdTotal> top(MetricsStore store, long advertiserId, long from, long to, int limit) {
    Map<Long, Long> clicks = new HashMap<>();
    for (RangeCover.Run run : RangeCover.of(from, to)) {
      for (AdTotal total : store.adTotals(run.granularity(), advertiserId, run.from(), run.to())) {
        clicks.merge(total.adId(), total.clicks(), Long::sum);
      }
    }
    return clicks.entrySet().stream()
        .map(e -> new AdTotal(e.getKey(), e.getValue()))
        .sorted(MOST_CLICKED_FIRST)
        .limit(limit)
        .toList();
  }
}
