package io.adclick.reconcile;

import io.adclick.store.rocksdb.RocksDbMetricsStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh lake of real Parquet files, a real embedded store and an audit of the one against the
 * other per test; the store is closed after it.
 */
abstract class LakeAndStoreTest {

  @TempDir Path dir;
  TestLake lake;
  RocksDbMetricsStore store;
  StoreAudit audit;

  @BeforeEach
  void openLakeAndStore() {
    lake = new TestLake(dir.resolve("lake"));
    store = RocksDbMetricsStore.open(dir.resolve("store"));
    audit = new StoreAudit(lake.recount(), store);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }
}
