package io.adclick.store.rocksdb;

import static io.adclick.time.Granularity.DAY;
import static io.adclick.time.Granularity.HOUR;
import static io.adclick.time.Granularity.MINUTE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adclick.store.MetricsStore;
import io.adclick.store.MetricsStoreContract;
import io.adclick.store.MetricsStores;
import java.io.UncheckedIOException;
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
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

class RocksDbMetricsStoreTest extends MetricsStoreContract {

  @TempDir Path dir;

  private final List<MetricsStore> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(MetricsStore::close);
  }

  @Override
  protected MetricsStore store() {
    return open();
  }

  private RocksDbMetricsStore open() {
    RocksDbMetricsStore store = RocksDbMetricsStore.open(dir);
    opened.add(store);
    return store;
  }

  @Test
  void partitionsAreColumnFamiliesNamedByDatasetGranularityAndDate() throws Exception {
    try (RocksDbMetricsStore store = RocksDbMetricsStore.open(dir)) {
      store.upsert(
          List.of(minute(1, 0, 5), count(HOUR, ADV, 1, T0, 5, 0), count(DAY, ADV, 1, T0, 5, 0)));
    }
    List<String> names = new ArrayList<>();
    try (org.rocksdb.Options options = new org.rocksdb.Options()) {
      for (byte[] raw : RocksDB.listColumnFamilies(options, dir.toString())) {
        names.add(new String(raw, UTF_8));
      }
    }
    // Per-ad tables are kept for days only; advertiser rows only where the job wrote totals.
    assertThat(names)
        .containsExactlyInAnyOrder(
            "default",
            "meta",
            "ad.minute.20231114",
            "ad.hour.20231020",
            "ad.day.20230324",
            "advertiser-ad.day.20230324");
  }

  @Test
  void aStoreInTheOldUnpartitionedLayoutIsRefusedWithAClearMessage() throws Exception {
    try (DBOptions options =
        new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)) {
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      try (RocksDB old =
          RocksDB.open(
              options,
              dir.toString(),
              List.of(
                  new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY),
                  new ColumnFamilyDescriptor("minute".getBytes(UTF_8))),
              handles)) {
        handles.forEach(ColumnFamilyHandle::close);
      }
    }

    assertThatThrownBy(() -> RocksDbMetricsStore.open(dir))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("'minute'")
        .hasMessageContaining("layout");
  }

  @Test
  void dataAndCompleteThroughSurviveReopen() {
    int before = SharedDb.openCount();
    try (RocksDbMetricsStore store = RocksDbMetricsStore.open(dir)) {
      store.upsert(
          List.of(
              minute(1, 0, 5),
              count(DAY, ADV, 1, DAY.bucketStart(T0), 5, 0),
              advertiserTotal(DAY, ADV, DAY.bucketStart(T0), 5)));
      store.advanceCompleteThrough(T0 + MIN);
    }
    assertThat(SharedDb.openCount()).isEqualTo(before);

    RocksDbMetricsStore reopened = open();
    assertThat(reopened.adSeries(MINUTE, ADV, 1, 0, Long.MAX_VALUE)).containsExactly(at(0, 5));
    assertThat(reopened.advertiserSeries(DAY, ADV, 0, Long.MAX_VALUE)).hasSize(1);
    assertThat(reopened.completeThrough()).isEqualTo(T0 + MIN);
    // The "max" merge keeps working across a reopen.
    reopened.upsert(List.of(minute(1, 0, 8), minute(1, 0, 7)));
    assertThat(reopened.advertiserSeries(MINUTE, ADV, 0, Long.MAX_VALUE)).containsExactly(at(0, 8));
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
  void twoHandlesOnOneDirectoryShareTheDatabaseUntilBothClose() {
    int before = SharedDb.openCount();
    RocksDbMetricsStore first = RocksDbMetricsStore.open(dir);
    RocksDbMetricsStore second = RocksDbMetricsStore.open(dir.resolve(".").resolve("x/.."));
    assertThat(SharedDb.openCount()).isEqualTo(before + 1);

    first.upsert(List.of(minute(1, 0, 5)));
    second.advanceCompleteThrough(T0);
    assertThat(second.adSeries(MINUTE, ADV, 1, 0, Long.MAX_VALUE)).containsExactly(at(0, 5));
    assertThat(first.completeThrough()).isEqualTo(T0);

    first.close();
    first.close(); // a second close of the same handle must not release the other's reference
    assertThat(second.adSeries(MINUTE, ADV, 1, 0, Long.MAX_VALUE)).containsExactly(at(0, 5));
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
      assertThat(store.adSeries(MINUTE, ADV, 1, 0, Long.MAX_VALUE)).containsExactly(at(0, 5));
    }
  }

  @Test
  void metricsStoresRejectsUnknownSchemesAndEmptyPaths() {
    assertThatThrownBy(() -> MetricsStores.open("cassandra://user:secret@localhost/adclick"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported")
        .hasMessageContaining("rocksdb:")
        .hasMessageContaining("clickhouse://")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> MetricsStores.open("rocksdb:"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MetricsStores.open(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
