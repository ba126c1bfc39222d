package io.adclick.stream;

import io.adclick.store.BucketCount;
import io.adclick.store.MetricsStore;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/**
 * Batches upserts and advances the store's complete-through mark with the watermark. Flink hands
 * the writer the watermark only after every total the counter emitted before it, and the writer
 * writes those before moving the mark, so a bucket is never reported final before its final total
 * is stored.
 *
 * <p>Watermarks arrive every 200 ms; writing and marking on each would be five small writes a
 * second per subtask, which an OLAP store (ClickHouse: a part per insert) pays for in merges. So
 * the mark moves at most once per {@link #MARK_INTERVAL_MILLIS} and at every checkpoint: a final
 * bucket shows as final up to a second later, its total is stored no later than before.
 */
final class StoreSinkWriter implements SinkWriter<BucketCount> {

  static final long MARK_INTERVAL_MILLIS = 1_000;

  private final MetricsStore store;
  private final long allowedLateness;
  private final int batchSize;
  private final MillisClock clock;
  private final List<BucketCount> batch;
  private final StoreWriteMetrics metrics;
  private long pendingMark = Long.MIN_VALUE;
  private long markedAt = Long.MIN_VALUE;
  private long marked = Long.MIN_VALUE;

  StoreSinkWriter(MetricsStore store, long allowedLateness, int batchSize, MillisClock clock) {
    this(store, allowedLateness, batchSize, clock, new UnregisteredMetricsGroup());
  }

  /** Reporting its writes into {@code metricGroup}, the sink operator's. */
  StoreSinkWriter(
      MetricsStore store,
      long allowedLateness,
      int batchSize,
      MillisClock clock,
      MetricGroup metricGroup) {
    this.store = store;
    this.allowedLateness = allowedLateness;
    this.batchSize = batchSize;
    this.clock = clock;
    this.batch = new ArrayList<>(batchSize);
    this.metrics = new StoreWriteMetrics(metricGroup, this::completeThroughAge);
  }

  StoreWriteMetrics metrics() {
    return metrics;
  }

  long completeThroughAge() {
    return marked == Long.MIN_VALUE ? -1 : Math.max(0, clock.millis() - marked);
  }

  @Override
  public void write(BucketCount count, Context context) {
    batch.add(count);
    if (batch.size() >= batchSize) {
      writeBatch();
    }
  }

  /** Called before every checkpoint barrier and at end of input. */
  @Override
  public void flush(boolean endOfInput) {
    writeBatch();
    advanceMark();
  }

  @Override
  public void writeWatermark(Watermark watermark) {
    long ts = watermark.getTimestamp();
    // The end-of-input watermark (also sent by stop --drain) says nothing about wall-clock time;
    // stored, it would mark all future buckets final. Early watermarks are far in the past.
    if (ts == Long.MAX_VALUE || ts <= allowedLateness) {
      return;
    }
    // A watermark W finalized every bucket with end + allowedLateness <= W.
    pendingMark = Math.max(pendingMark, ts - allowedLateness);
    long now = clock.millis();
    if (markedAt == Long.MIN_VALUE || now - markedAt >= MARK_INTERVAL_MILLIS) {
      markedAt = now;
      writeBatch();
      advanceMark();
    }
  }

  /** Call only with every total received before the pending mark's watermark written. */
  private void advanceMark() {
    if (pendingMark > marked) {
      store.advanceCompleteThrough(pendingMark);
      marked = pendingMark;
    }
  }

  @Override
  public void close() {
    store.close();
  }

  private void writeBatch() {
    if (batch.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    store.upsert(List.copyOf(batch));
    metrics.written(batch.size(), start);
    batch.clear();
  }
}
