package io.adclick.query;

import io.adclick.store.BucketCount;
import io.adclick.store.MetricsStore;
import io.adclick.time.Granularity;
import io.adclick.users.UserSketch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes clicks into a real store the way the stream job does: running totals of each click's
 * minute, hour and day, the advertiser's hour and day totals, and the users of hours and days.
 */
final class StoredClicks {
  private record Key(Granularity granularity, long advertiserId, long adId, long bucketStart) {}

  private final MetricsStore store;
  private final Map<Key, Long> totals = new HashMap<>();
  private final Map<Key, UserSketch> users = new HashMap<>();

  StoredClicks(MetricsStore store) {
    this.store = store;
  }

  StoredClicks click(long advertiserId, long adId, String isoInstant, int clicks) {
    return clicks(advertiserId, adId, isoInstant, clicks, new long[0]);
  }

  /** One click whose impression carried this user key. */
  StoredClicks clickBy(long advertiserId, long adId, String isoInstant, String userKey) {
    return clicks(advertiserId, adId, isoInstant, 1, new long[] {UserSketch.userHash(userKey)});
  }

  private StoredClicks clicks(
      long advertiserId, long adId, String isoInstant, int clicks, long[] userHashes) {
    long at = Instant.parse(isoInstant).toEpochMilli();
    List<BucketCount> counts = new ArrayList<>();
    for (Granularity g : Granularity.values()) {
      counts.add(raise(new Key(g, advertiserId, adId, g.bucketStart(at)), clicks, userHashes));
      if (g != Granularity.MINUTE) {
        Key advertiser = new Key(g, advertiserId, BucketCount.ADVERTISER_TOTAL, g.bucketStart(at));
        counts.add(raise(advertiser, clicks, userHashes));
      }
    }
    store.upsert(counts);
    return this;
  }

  private BucketCount raise(Key key, int clicks, long[] userHashes) {
    long total = totals.merge(key, (long) clicks, Long::sum);
    UserSketch sketch =
        key.granularity() == Granularity.MINUTE
            ? UserSketch.EMPTY
            : users.getOrDefault(key, UserSketch.EMPTY).plus(userHashes);
    users.put(key, sketch);
    return new BucketCount(
        key.granularity(), key.advertiserId(), key.adId(), key.bucketStart(), total, 0, sketch);
  }
}
