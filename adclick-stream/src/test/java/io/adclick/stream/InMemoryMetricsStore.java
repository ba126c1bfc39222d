package io.adclick.stream;

import io.adclick.store.AdTotal;
import io.adclick.store.BucketCount;
import io.adclick.store.BucketTotal;
import io.adclick.store.MetricsStore;
import io.adclick.store.Retention;
import io.adclick.time.Granularity;
import java.util.ArrayList;
import java.util.List;

/**
 * A store that only remembers how the sink called it; for testing the sink's batching, not what
 * stores do with the counts (the store's own contract tests cover that).
 */
final class InMemoryMetricsStore implements MetricsStore {

  final List<List<BucketCount>> upserts = new ArrayList<>();
  final List<Long> completeThroughCalls = new ArrayList<>();
  private long completeThrough;
  boolean closed;

  @Override
  public synchronized void upsert(List<BucketCount> counts) {
    upserts.add(List.copyOf(counts));
  }

  @Override
  public List<BucketTotal> adSeries(
      Granularity granularity, long advertiserId, long adId, long from, long to) {
    throw new UnsupportedOperationException("the sink never reads");
  }

  @Override
  public List<BucketTotal> advertiserSeries(
      Granularity granularity, long advertiserId, long from, long to) {
    throw new UnsupportedOperationException("the sink never reads");
  }

  @Override
  public List<AdTotal> adTotals(Granularity granularity, long advertiserId, long from, long to) {
    throw new UnsupportedOperationException("the sink never reads");
  }

  @Override
  public void overwrite(List<BucketCount> totals) {
    throw new UnsupportedOperationException("the sink only upserts");
  }

  @Override
  public void scanBuckets(
      Granularity granularity, long from, long to, java.util.function.Consumer<BucketCount> out) {
    throw new UnsupportedOperationException("the sink never reads");
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
  public int applyRetention(Retention retention, long nowMillis) {
    throw new UnsupportedOperationException("the sink never expires data");
  }

  @Override
  public int preferredBatchSize() {
    return 3;
  }

  @Override
  public long sizeOnDiskBytes() {
    return 0;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }
}
