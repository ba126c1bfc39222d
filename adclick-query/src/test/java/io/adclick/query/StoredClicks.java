package io.adclick.query;

import io.adclick.store.BucketCount;
import io.adclick.store.MetricsStore;
import io.adclick.time.Granularity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes clicks into a real store the way the stream job does: running totals of each click's
 * minute, hour and day.
 */
final class StoredClicks {
  private record Key(Granularity granularity, long advertiserId, long adId, long bucketStart) {}

  private final MetricsStore store;
  private final Map<Key, Long> totals = new HashMap<>();

  StoredClicks(MetricsStore store) {
    this.store = store;
  }

  StoredClicks click(long advertiserId, long adId, String isoInstant, int clicks) {
    long at = Instant.parse(isoInstant).toEpochMilli();
    List<BucketCount> counts = new ArrayList<>();
    for (Granularity g : Granularity.values()) {
      Key key = new Key(g, advertiserId, adId, g.bucketStart(at));
      long total = totals.merge(key, (long) clicks, Long::sum);
      counts.add(new BucketCount(g, advertiserId, adId, key.bucketStart(), total, 0));
    }
    store.upsert(counts);
    return this;
  }
}
