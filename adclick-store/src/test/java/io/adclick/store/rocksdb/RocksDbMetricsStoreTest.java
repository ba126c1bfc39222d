package io.adclick.store.rocksdb;

import static io.adclick.time.Granularity.DAY;
import static io.adclick.time.Granularity.HOUR;
import static io.adclick.time.Granularity.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adclick.store.BucketCount;
import io.adclick.store.MetricsStore;
import io.adclick.store.MetricsStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbMetricsStoreTest {

  private static final long MIN = MINUTE.millis();
  private static final long T0 = 1_700_000_040_000L; // a minute boundary
  private static final long BIG_AD = Long.MAX_VALUE / 2;

  @TempDir Path dir;

  private final List<MetricsStore> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(MetricsStore::close);
  }

  private RocksDbMetricsStore open() {
    RocksDbMetricsStore store = RocksDbMetricsStore.open(dir);
    opened.add(store);
    return store;
  }

  private static BucketCount minute(long adId, int minute, long clicks) {
    return new BucketCount(MINUTE, adId, T0 + minute * MIN, clicks);
  }

  @Test
  void seriesReturnsExactlyTheRangeOfOneAdAndGranularity() {
    RocksDbMetricsStore store = open();
    List<BucketCount> counts = new ArrayList<>();
    for (long ad : new long[] {1, 2, 3, BIG_AD, BIG_AD + 1}) {
      for (int m = 0; m < 10; m++) {
        counts.add(minute(ad, m, (ad % 1000) * 100 + m));
      }
    }
    counts.add(new BucketCount(HOUR, 2, T0, 999));
    counts.add(new BucketCount(DAY, 2, T0, 9999));
    store.upsert(counts);

    assertThat(store.series(MINUTE, 2, T0 + 3 * MIN, T0 + 7 * MIN))
        .containsExactly(
            minute(2, 3, 203), minute(2, 4, 204), minute(2, 5, 205), minute(2, 6, 206));
    assertThat(store.series(MINUTE, BIG_AD, T0, T0 + 2 * MIN))
        .containsExactly(
            minute(BIG_AD, 0, (BIG_AD % 1000) * 100), minute(BIG_AD, 1, (BIG_AD % 1000) * 100 + 1));
    assertThat(store.series(HOUR, 2, 0, Long.MAX_VALUE))
        .containsExactly(new BucketCount(HOUR, 2, T0, 999));
  }

  @Test
  void seriesStopsAtTheEndOfTheRange() {
    RocksDbMetricsStore store = open();
    store.upsert(List.of(minute(1, 0, 1), minute(1, 1, 2), minute(2, 0, 3)));

    assertThat(store.series(MINUTE, 1, T0, T0 + MIN)).containsExactly(minute(1, 0, 1));
    assertThat(store.series(MINUTE, 1, T0 + MIN, T0 + MIN)).isEmpty();
    assertThat(store.series(MINUTE, 1, 0, Long.MAX_VALUE))
        .containsExactly(minute(1, 0, 1), minute(1, 1, 2));
  }

  @Test
  void seriesOfAnAdWithNoDataIsEmptyEvenWhenNeighboursHaveData() {
    RocksDbMetricsStore store = open();
    store.upsert(List.of(minute(1, 0, 1), minute(3, 0, 3)));

    assertThat(store.series(MINUTE, 2, 0, Long.MAX_VALUE)).isEmpty();
    assertThat(store.series(HOUR, 1, 0, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void seriesSumsAHotAdsSaltsPerBucketAndKeepsEachSaltsTotalSeparately() {
    RocksDbMetricsStore store = open();
    store.upsert(
        List.of(
            new BucketCount(MINUTE, 2, T0, 5, 0),
            new BucketCount(MINUTE, 2, T0, 7, 3),
            new BucketCount(MINUTE, 2, T0, 1, 63),
            new BucketCount(MINUTE, 2, T0 + MIN, 4, 3),
            new BucketCount(MINUTE, 2, T0 + 2 * MIN, 9, 1),
            minute(1, 0, 100),
            minute(3, 1, 300)));
    // A salt's running total is overwritten, not added to: replay stays idempotent.
    store.upsert(List.of(new BucketCount(MINUTE, 2, T0, 8, 3)));

    assertThat(store.series(MINUTE, 2, T0, T0 + 2 * MIN))
        .containsExactly(minute(2, 0, 5 + 8 + 1), minute(2, 1, 4));
    assertThat(store.series(MINUTE, 2, T0 + MIN, Long.MAX_VALUE))
        .containsExactly(minute(2, 1, 4), minute(2, 2, 9));
    assertThat(store.series(MINUTE, 1, 0, Long.MAX_VALUE)).containsExactly(minute(1, 0, 100));
  }

  @Test
  void aSmallerTotalNeverMovesABucketBackwardsAlsoAfterReopen() {
    RocksDbMetricsStore store = open();
    store.upsert(List.of(minute(1, 0, 300), new BucketCount(MINUTE, 1, T0, 40, 2)));
    // What a job restored from an older checkpoint writes until its replay catches up.
    store.upsert(List.of(minute(1, 0, 250), new BucketCount(MINUTE, 1, T0, 39, 2)));
    assertThat(store.series(MINUTE, 1, T0, T0 + MIN)).containsExactly(minute(1, 0, 340));
    store.close();
    opened.clear();

    RocksDbMetricsStore reopened = open();
    reopened.upsert(List.of(minute(1, 0, 1)));
    assertThat(reopened.series(MINUTE, 1, T0, T0 + MIN)).containsExactly(minute(1, 0, 340));
    reopened.upsert(List.of(minute(1, 0, 301)));
    assertThat(reopened.series(MINUTE, 1, T0, T0 + MIN)).containsExactly(minute(1, 0, 341));
  }

  @Test
  void upsertRejectsNegativeTotals() {
    RocksDbMetricsStore store = open();
    assertThatThrownBy(() -> store.upsert(List.of(minute(1, 0, -1))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void upsertOverwritesSoRepeatingItIsIdempotent() {
    RocksDbMetricsStore store = open();
    store.upsert(List.of(minute(1, 0, 5)));
    store.upsert(List.of(minute(1, 0, 7)));
    store.upsert(List.of(minute(1, 0, 7)));

    assertThat(store.series(MINUTE, 1, T0, T0 + MIN)).containsExactly(minute(1, 0, 7));
  }

  @Test
  void upsertRejectsBucketsBeforeTheEpoch() {
    RocksDbMetricsStore store = open();

    assertThatThrownBy(() -> store.upsert(List.of(new BucketCount(MINUTE, 1, -MIN, 1))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void completeThroughStartsAtZeroAndNeverMovesBackwards() {
    RocksDbMetricsStore store = open();
    assertThat(store.completeThrough()).isZero();

    store.advanceCompleteThrough(T0);
    store.advanceCompleteThrough(T0 - MIN);

    assertThat(store.completeThrough()).isEqualTo(T0);
    store.advanceCompleteThrough(T0 + MIN);
    assertThat(store.completeThrough()).isEqualTo(T0 + MIN);
  }

  @Test
  void concurrentAdvancesThroughTwoHandlesNeverMoveBackwards() throws Exception {
    RocksDbMetricsStore first = open();
    RocksDbMetricsStore second = open();
    int writers = 4;
    int perWriter = 500;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        RocksDbMetricsStore store = w % 2 == 0 ? first : second;
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < perWriter; i++) {
          values.add((long) i * writers + w);
        }
        Collections.shuffle(values);
        done.add(pool.submit(() -> values.forEach(store::advanceCompleteThrough)));
      }
      long seen = 0;
      while (!done.stream().allMatch(Future::isDone)) {
        long now = first.completeThrough();
        assertThat(now).isGreaterThanOrEqualTo(seen);
        seen = now;
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(second.completeThrough()).isEqualTo((long) perWriter * writers - 1);
  }

  @Test
  void dataAndCompleteThroughSurviveReopen() {
    int before = SharedDb.openCount();
    try (RocksDbMetricsStore store = RocksDbMetricsStore.open(dir)) {
      store.upsert(List.of(minute(1, 0, 5), new BucketCount(DAY, 1, DAY.bucketStart(T0), 5)));
      store.advanceCompleteThrough(T0 + MIN);
    }
    assertThat(SharedDb.openCount()).isEqualTo(before);

    RocksDbMetricsStore reopened = open();
    assertThat(reopened.series(MINUTE, 1, 0, Long.MAX_VALUE)).containsExactly(minute(1, 0, 5));
    assertThat(reopened.series(DAY, 1, 0, Long.MAX_VALUE)).hasSize(1);
    assertThat(reopened.completeThrough()).isEqualTo(T0 + MIN);
    reopened.advanceCompleteThrough(T0);
    assertThat(reopened.completeThrough()).isEqualTo(T0 + MIN);
  }

  @Test
  void twoHandlesOnOneDirectoryShareTheDatabaseUntilBothClose() {
    int before = SharedDb.openCount();
    RocksDbMetricsStore first = RocksDbMetricsStore.open(dir);
    RocksDbMetricsStore second = RocksDbMetricsStore.open(dir.resolve(".").resolve("x/.."));
    assertThat(SharedDb.openCount()).isEqualTo(before + 1);

    first.upsert(List.of(minute(1, 0, 5)));
    second.advanceCompleteThrough(T0);
    assertThat(second.series(MINUTE, 1, 0, Long.MAX_VALUE)).containsExactly(minute(1, 0, 5));
    assertThat(first.completeThrough()).isEqualTo(T0);

    first.close();
    first.close(); // a second close of the same handle must not release the other's reference
    assertThat(second.series(MINUTE, 1, 0, Long.MAX_VALUE)).containsExactly(minute(1, 0, 5));
    assertThat(SharedDb.openCount()).isEqualTo(before + 1);

    second.close();
    assertThat(SharedDb.openCount()).isEqualTo(before);
  }

  @Test
  void aClosedHandleRefusesUseWhileOthersStillWork() {
    RocksDbMetricsStore other = open();
    RocksDbMetricsStore closed = RocksDbMetricsStore.open(dir);
    closed.close();

    assertThatThrownBy(closed::completeThrough).isInstanceOf(IllegalStateException.class);
    assertThat(other.completeThrough()).isZero();
  }

  @Test
  void metricsStoresOpensRocksDbUris() throws Exception {
    Path sub = dir.resolve("metrics");
    try (MetricsStore store = MetricsStores.open("rocksdb:" + sub)) {
      store.upsert(List.of(minute(1, 0, 5)));
    }
    assertThat(Files.isDirectory(sub)).isTrue();
    try (MetricsStore store = RocksDbMetricsStore.open(sub)) {
      assertThat(store.series(MINUTE, 1, 0, Long.MAX_VALUE)).containsExactly(minute(1, 0, 5));
    }
  }

  @Test
  void metricsStoresRejectsUnknownSchemesAndEmptyPaths() {
    assertThatThrownBy(() -> MetricsStores.open("clickhouse://localhost:8123/adclick"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported")
        .hasMessageContaining("rocksdb:");
    assertThatThrownBy(() -> MetricsStores.open("rocksdb:"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MetricsStores.open(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
