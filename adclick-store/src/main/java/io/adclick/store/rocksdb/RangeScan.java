package io.adclick.store.rocksdb;

import io.adclick.store.BucketTotal;
import io.adclick.users.UserSketch;
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
    void accept(byte[] key, byte[] value);
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
        entries.accept(it.key(), it.value());
      }
      it.status();
    }
  }

  /**
   * Appends the range as a series, the bucket start being key field {@code bucketField}; adjacent
   * keys of one bucket (a hot ad's salts) are summed, and their users merged.
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
        (key, value) -> {
          long bucket = MetricsKeys.field(key, bucketField);
          long clicks = MetricsKeys.decodeLong(value);
          UserSketch users = MetricsKeys.decodeUsers(value);
          int last = out.size() - 1;
          if (last >= first && out.get(last).bucketStart() == bucket) {
            out.set(last, out.get(last).plus(clicks, users));
          } else {
            out.add(new BucketTotal(bucket, clicks, users));
          }
        });
  }
}
