package io.adclick.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.store.BucketCount;
import io.adclick.time.Granularity;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.junit.jupiter.api.Test;

class StoreSinkWriterTest {

  private static final long LATENESS = 5_000;
  private static final long T = 1_770_000_000_000L;

  private final InMemoryMetricsStore store = new InMemoryMetricsStore();
  private final StoreSinkWriter writer = new StoreSinkWriter(store, LATENESS, 3);

  @Test
  void writesInBatchesOfTheBatchSize() {
    for (int i = 0; i < 7; i++) {
      writer.write(count(i), null);
    }

    assertThat(store.upserts).hasSize(2).allSatisfy(batch -> assertThat(batch).hasSize(3));
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
