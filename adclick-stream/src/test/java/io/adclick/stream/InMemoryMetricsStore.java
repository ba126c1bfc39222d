package io.adclick.stream;

import io.adclick.store.BucketCount;
import io.adclick.store.MetricsStore;
import io.adclick.time.Granularity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A metrics store in a map that also remembers how it was called. */
final class InMemoryMetricsStore implements MetricsStore {

  private record Key(Granularity granularity, long adId, long bucketStart)
      implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int g = granularity.compareTo(o.granularity);
      if (g != 0) {
        return g;
      }
      int ad = Long.compare(adId, o.adId);
      return ad != 0 ? ad : Long.compare(bucketStart, o.bucketStart);
    }
  }

  final List<List<BucketCount>> upserts = new ArrayList<>();
  final List<Long> completeThroughCalls = new ArrayList<>();
  private final Map<Key, Long> rows = new TreeMap<>();
  private long completeThrough;
  boolean closed;

  @Override
  public synchronized void upsert(List<BucketCount> counts) {
    upserts.add(List.copyOf(counts));
    for (BucketCount c : counts) {
      rows.put(new Key(c.granularity(), c.adId(), c.bucketStart()), c.clicks());
    }
  }

  @Override
  public synchronized List<BucketCount> series(
      Granularity granularity, long adId, long fromInclusive, long toExclusive) {
    List<BucketCount> out = new ArrayList<>();
    rows.forEach(
        (k, clicks) -> {
          if (k.granularity == granularity
              && k.adId == adId
              && k.bucketStart >= fromInclusive
              && k.bucketStart < toExclusive) {
            out.add(new BucketCount(granularity, adId, k.bucketStart, clicks));
          }
        });
    return out;
  }

  @Override
  public synchronized void advanceCompleteThrough(long epochMillis) {
    completeThroughCalls.add(epochMillis);
    completeThrough = Math.max(completeThrough, epochMillis);
  }

  @Override
  public synchronized long completeThrough() {
    return completeThrough;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }
}
