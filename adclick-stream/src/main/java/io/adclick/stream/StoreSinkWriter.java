package io.adclick.stream;

import io.adclick.store.BucketCount;
import io.adclick.store.MetricsStore;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * Batches upserts and advances the store's complete-through mark with the watermark. Flink hands
 * the writer the watermark only after every total the counter emitted before it, and the writer
 * writes those before moving the mark, so a bucket is never reported final before its final total
 * is stored.
 */
final class StoreSinkWriter implements SinkWriter<BucketCount> {

  private final MetricsStore store;
  private final long allowedLateness;
  private final int batchSize;
  private final List<BucketCount> batch;

  StoreSinkWriter(MetricsStore store, long allowedLateness, int batchSize) {
    this.store = store;
    this.allowedLateness = allowedLateness;
    this.batchSize = batchSize;
    this.batch = new ArrayList<>(batchSize);
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
  }

  @Override
  public void writeWatermark(Watermark watermark) {
    writeBatch();
    long ts = watermark.getTimestamp();
    // The end-of-input watermark (also sent by stop --drain) says nothing about wall-clock time;
    // stored, it would mark all future buckets final. Early watermarks are far in the past.
    if (ts == Long.MAX_VALUE || ts <= allowedLateness) {
      return;
    }
    // A watermark W finalized every bucket with end + allowedLateness <= W.
    store.advanceCompleteThrough(ts - allowedLateness);
  }

  @Override
  public void close() {
    store.close();
  }

  private void writeBatch() {
    if (batch.isEmpty()) {
      return;
    }
    store.upsert(List.copyOf(batch));
    batch.clear();
  }
}
