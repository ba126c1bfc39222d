package io.adclick.store;

import static io.adclick.time.Granularity.DAY;
import static io.adclick.time.Granularity.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.adclick.store.rocksdb.RocksDbMetricsStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTaskTest {

  private static final long D0 = DAY.bucketStart(1_700_000_000_000L);
  private static final Retention WEEK_OF_MINUTES =
      new Retention(Duration.ofDays(7), Duration.ofDays(730), Duration.ofDays(730));

  @TempDir Path dir;

  @Test
  void removesMinutesOlderThanTheRetentionAtTheClocksTime() {
    try (MetricsStore store = RocksDbMetricsStore.open(dir)) {
      store.upsert(
          List.of(
              new BucketCount(MINUTE, 1, 2, D0, 5, 0),
              new BucketCount(MINUTE, 1, 2, D0 + 7 * DAY.millis(), 6, 0)));
      Clock eightDaysLater =
          Clock.fixed(Instant.ofEpochMilli(D0 + 8 * DAY.millis()), ZoneOffset.UTC);

      new RetentionTask(store, WEEK_OF_MINUTES, eightDaysLater).run();

      assertThat(store.adSeries(MINUTE, 1, 2, 0, Long.MAX_VALUE))
          .containsExactly(new BucketTotal(D0 + 7 * DAY.millis(), 6));
    }
  }

  @Test
  void aFailingStoreIsLoggedNotThrownSoTheScheduleKeepsRunning() {
    MetricsStore store = RocksDbMetricsStore.open(dir);
    store.close();

    assertThatCode(() -> new RetentionTask(store, Retention.DEFAULT, Clock.systemUTC()).run())
        .doesNotThrowAnyException();
  }
}
