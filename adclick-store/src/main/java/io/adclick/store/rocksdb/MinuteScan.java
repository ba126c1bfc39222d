package io.adclick.store.rocksdb;

import io.adclick.store.BucketCount;
import io.adclick.time.Granularity;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Visits every ad's minutes in {@code [from, to)} of one partition (a day of minutes), in key order
 * (advertiser, ad, minute), summing a hot ad's salts, which sort right after their bucket's
 * unsalted key. A skip-scan: past each ad's rows in the range it seeks to the next ad, so an hour
 * out of a day costs a seek per ad plus the rows wanted.
 */
final class MinuteScan {

  private MinuteScan() {}

  static void scan(
      SharedDb db, ColumnFamilyHandle partition, long from, long to, Consumer<BucketCount> out)
      throws RocksDBException {
    // The prefix extractor is the advertiser: crossing advertisers needs total order.
    try (ReadOptions read = new ReadOptions().setTotalOrderSeek(true);
        RocksIterator it = db.rocks().newIterator(partition, read)) {
      Pending pending = new Pending(out);
      it.seekToFirst();
      while (it.isValid()) {
        byte[] key = it.key();
        long advertiser = MetricsKeys.field(key, 0);
        long ad = MetricsKeys.field(key, 1);
        long minute = MetricsKeys.field(key, 2);
        if (minute < from) {
          it.seek(MetricsKeys.key(advertiser, ad, from));
        } else if (minute >= to) {
          if (ad == Long.MAX_VALUE) {
            it.seek(MetricsKeys.key(advertiser + 1, 0, from));
          } else {
            it.seek(MetricsKeys.key(advertiser, ad + 1, from));
          }
        } else {
          pending.add(advertiser, ad, minute, MetricsKeys.decodeLong(it.value()));
          it.next();
        }
      }
      it.status();
      pending.flush();
    }
  }

  /** The (advertiser, ad, minute) being summed over its salts. */
  private static final class Pending {
    private final Consumer<BucketCount> out;
    private boolean held;
    private long advertiser;
    private long ad;
    private long minute;
    private long clicks;

    Pending(Consumer<BucketCount> out) {
      this.out = out;
    }

    void add(long advertiser, long ad, long minute, long clicks) {
      if (held && advertiser == this.advertiser && ad == this.ad && minute == this.minute) {
        this.clicks += clicks;
        return;
      }
      flush();
      held = true;
      this.advertiser = advertiser;
      this.ad = ad;
      this.minute = minute;
      this.clicks = clicks;
    }

    void flush() {
      if (held) {
        out.accept(new BucketCount(Granularity.MINUTE, advertiser, ad, minute, clicks, 0));
        held = false;
      }
    }
  }
}
