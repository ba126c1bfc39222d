package io.adclick.reconcile;

import io.adclick.store.rocksdb.RocksDbMetricsStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh lake of real Parquet files and a real embedded store per test, closed after it. */
abstract class LakeAndStoreTest {

  @TempDir Path dir;
  TestLake lake;
  RocksDbMetricsStore store;

  @BeforeEach
  void openLakeAndStore() {
    lake = new TestLake(dir.resolve("lake"));
    store = RocksDbMetricsStore.open(dir.resolve("store"));
  }

  @AfterEach
  void closeStore() {
    store.close();
  }
}
