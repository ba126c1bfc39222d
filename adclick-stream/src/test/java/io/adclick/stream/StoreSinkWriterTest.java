package io.adclick.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.store.BucketCount;
import io.adclick.time.Granularity;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.Watermark;
import org.junit.jupiter.api.Test;

class StoreSinkWriterTest {

  private static final long LATENESS = 5_000;
  private static final long T = 1_770_000_000_000L;

  private final InMemoryMetricsStore store = new InMemoryMetricsStore();
  private final AtomicLong now = new AtomicLong(T);
  private final StoreSinkWriter writer = new StoreSinkWriter(store, LATENESS, 3, now::get);

  @Test
  void writesInBatchesOfTheBatchSize() {
    for (int i = 0; i < 7; i++) {
      writer.write(count(i), null);
    }

    assertThat(store.upserts).hasSize(2).allSatisfy(batch -> assertThat(batch).hasSize(3));
  }

  @Test
  void reportsEachBatchItsTotalsAndHowFarTheMarkTrails() {
    StoreWriteMetrics metrics = writer.metrics();
    assertThat(metrics.writeMillis.getCount()).isZero();
    assertThat(writer.completeThroughAge()).as("nothing marked yet").isEqualTo(-1);

    for (int i = 0; i < 4; i++) {
      writer.write(count(i), null);
    }
    writer.writeWatermark(new Watermark(T));
    now.addAndGet(2_000);

    assertThat(metrics.batches.getCount()).isEqualTo(2);
    assertThat(metrics.totals.getCount()).isEqualTo(4);
    assertThat(metrics.writeMillis.getCount()).isEqualTo(2);
    assertThat(metrics.writeMillis.getStatistics().getMin()).isNotNegative();
    assertThat(writer.completeThroughAge()).isEqualTo(2_000 + LATENESS);
  }

  @Test
  void flushWritesWhatIsBuffered() {
    writer.write(count(1), null);
    writer.flush(false);
    writer.flush(false);

    assertThat(store.upserts).containsExactly(List.of(count(1)));
  }

  @Test
  void watermarkWritesBufferedTotalsBeforeAdvancingCompleteThrough() {
    writer.write(count(1), null);

    writer.writeWatermark(new Watermark(T));

    assertThat(store.upserts).hasSize(1);
    assertThat(store.completeThroughCalls).containsExactly(T - LATENESS);
  }

  @Test
  void movesTheMarkAtMostOncePerIntervalButAlwaysAtACheckpoint() {
    writer.writeWatermark(new Watermark(T));
    writer.write(count(1), null);
    now.addAndGet(StoreSinkWriter.MARK_INTERVAL_MILLIS - 1);
    writer.writeWatermark(new Watermark(T + 200));
    assertThat(store.completeThroughCalls).containsExactly(T - LATENESS);
    assertThat(store.upserts).isEmpty();

    now.addAndGet(1);
    writer.writeWatermark(new Watermark(T + 400));
    assertThat(store.upserts).containsExactly(List.of(count(1)));
    assertThat(store.completeThroughCalls).containsExactly(T - LATENESS, T + 400 - LATENESS);

    writer.write(count(2), null);
    writer.writeWatermark(new Watermark(T + 600));
    writer.flush(false);
    assertThat(store.upserts).containsExactly(List.of(count(1)), List.of(count(2)));
    assertThat(store.completeThroughCalls)
        .containsExactly(T - LATENESS, T + 400 - LATENESS, T + 600 - LATENESS);
  }

  @Test
  void ignoresTheEndOfInputAndInitialWatermarks() {
    writer.writeWatermark(new Watermark(Long.MIN_VALUE));
    writer.writeWatermark(new Watermark(LATENESS));
    writer.writeWatermark(Watermark.MAX_WATERMARK);

    assertThat(store.completeThroughCalls).isEmpty();
  }

  @Test
  void closeReleasesTheStoreHandle() {
    writer.close();

    assertThat(store.closed).isTrue();
  }

  private static BucketCount count(long adId) {
    return new BucketCount(Granularity.MINUTE, 7, adId, T - 60_000, 1, 0);
  }
}
