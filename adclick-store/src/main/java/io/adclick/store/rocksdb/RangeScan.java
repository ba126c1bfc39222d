package io.adclick.store.rocksdb;

import io.adclick.store.BucketTotal;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/** Reads the keys of one partition in {@code [fromKey, toKey)}: one seek and a scan. */
final class RangeScan {

  @FunctionalInterface
  interface EntryConsumer {
    void accept(byte[] key, long clicks);
  }

  private RangeScan() {}

  static void visit(
      SharedDb db,
      ColumnFamilyHandle partition,
      byte[] fromKey,
      byte[] toKey,
      EntryConsumer entries)
      throws RocksDBException {
    // The upper bound lets RocksDB stop at toKey instead of reading the next key; both bounds
    // share the advertiser prefix, so prefix Bloom filters skip files without it.
    try (Slice upper = new Slice(toKey);
        ReadOptions read =
            new ReadOptions().setIterateUpperBound(upper).setPrefixSameAsStart(true);
        RocksIterator it = db.rocks().newIterator(partition, read)) {
      for (it.seek(fromKey); it.isValid(); it.next()) {
        entries.accept(it.key(), MetricsKeys.decodeLong(it.value()));
      }
      it.status();
    }
  }

  /**
   * Appends the range as a series, the bucket start being key field {@code bucketField}; adjacent
   * keys of one bucket (a hot ad's salts) are summed.
   */
  static void sumByBucket(
      SharedDb db,
      ColumnFamilyHandle partition,
      byte[] fromKey,
      byte[] toKey,
      int bucketField,
      List<BucketTotal> out)
      throws RocksDBException {
    int first = out.size();
    visit(
        db,
        partition,
        fromKey,
        toKey,
        (key, clicks) -> {
          long bucket = MetricsKeys.field(key, bucketField);
          int last = out.size() - 1;
          if (last >= first && out.get(last).bucketStart() == bucket) {
            out.set(last, new BucketTotal(bucket, out.get(last).clicks() + clicks));
          } else {
            out.add(new BucketTotal(bucket, clicks));
          }
        });
  }
}
