package io.adclick.store.rocksdb;

import io.adclick.store.BucketCount;
import io.adclick.time.Granularity;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * One atomic repair: each bucket's keys, the unsalted one and every salt's, are deleted as a range
 * and the repaired total put in their place, so it replaces rather than merges with what was there.
 * Later "max" merges apply over it as over any value. The same rows as {@link UpsertBatch}.
 */
final class OverwriteBatch {

  private OverwriteBatch() {}

  static void write(SharedDb db, List<BucketCount> totals) throws RocksDBException {
    try (WriteBatch batch = new WriteBatch()) {
      for (BucketCount t : totals) {
        Granularity g = t.granularity();
        long start = t.bucketStart();
        if (t.isAdvertiserTotal()) {
          replace(
              batch,
              db.partitionForWrite(Partition.of(Dataset.ADVERTISER, g, start)),
              MetricsKeys.key(t.advertiserId(), start),
              t.clicks() == 0 ? null : MetricsKeys.encodeValue(t.clicks(), t.users()));
          continue;
        }
        replace(
            batch,
            db.partitionForWrite(Partition.of(Dataset.AD, g, start)),
            MetricsKeys.key(t.advertiserId(), t.adId(), start),
            t.clicks() == 0 ? null : MetricsKeys.encodeValue(t.clicks(), t.users()));
        if (g == Granularity.DAY) {
          replace(
              batch,
              db.partitionForWrite(Partition.of(Dataset.ADVERTISER_AD, g, start)),
              MetricsKeys.key(t.advertiserId(), start, t.adId()),
              t.clicks() == 0 ? null : MetricsKeys.encodeLong(t.clicks()));
        }
      }
      db.rocks().write(db.writeOptions(), batch);
    }
  }

  /** Deletes the unsalted key and its salts, then puts {@code value} unless it is null. */
  private static void replace(
      WriteBatch batch, ColumnFamilyHandle partition, byte[] unsalted, byte[] value)
      throws RocksDBException {
    batch.deleteRange(partition, unsalted, afterEverySalt(unsalted));
    if (value != null) {
      batch.put(partition, unsalted, value);
    }
  }

  /**
   * A key after the unsalted key and every salted one (the unsalted key plus one salt byte) and
   * before any other: two more 0xFF bytes.
   */
  private static byte[] afterEverySalt(byte[] unsalted) {
    byte[] end = Arrays.copyOf(unsalted, unsalted.length + 2);
    end[unsalted.length] = (byte) 0xFF;
    end[unsalted.length + 1] = (byte) 0xFF;
    return end;
  }
}
