package io.adclick.store.rocksdb;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Visits an advertiser's {@link Dataset#AD} rows with buckets in {@code [from, to)}: a skip-scan
 * that reads each ad's rows in the range and seeks past the rest, so the cost is one seek per ad
 * plus the rows wanted, not the advertiser's whole partition.
 */
final class AdRowScan {

  /** Receives one row: a salt's total is a row of its own. */
  @FunctionalInterface
  interface RowConsumer {
    void accept(long adId, long bucketStart, long clicks);
  }

  private AdRowScan() {}

  static void scan(
      SharedDb db,
      ColumnFamilyHandle partition,
      long advertiserId,
      long from,
      long to,
      RowConsumer rows)
      throws RocksDBException {
    try (ReadOptions read = new ReadOptions().setPrefixSameAsStart(true);
        RocksIterator it = db.rocks().newIterator(partition, read)) {
      it.seek(MetricsKeys.key(advertiserId, 0, from));
      while (it.isValid()) {
        byte[] key = it.key();
        long ad = MetricsKeys.field(key, 1);
        long bucket = MetricsKeys.field(key, 2);
        if (bucket < from) {
          it.seek(MetricsKeys.key(advertiserId, ad, from));
        } else if (bucket >= to) {
          if (ad == Long.MAX_VALUE) {
            break;
          }
          it.seek(MetricsKeys.key(advertiserId, ad + 1, from));
        } else {
          rows.accept(ad, bucket, MetricsKeys.decodeLong(it.value()));
          it.next();
        }
      }
      it.status();
    }
  }
}
