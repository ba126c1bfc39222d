package io.adclick.store.rocksdb;

import io.adclick.store.BucketCount;
import io.adclick.time.Granularity;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Visits every ad's buckets in {@code [from, to)} of one {@link Dataset#AD} partition, in key order
 * (advertiser, ad, bucket), summing a hot ad's salts, which sort right after their bucket's
 * unsalted key; with an {@link Dataset#ADVERTISER} partition beside it, each advertiser's totals
 * come first, as ad {@link BucketCount#ADVERTISER_TOTAL}. A skip-scan: past each ad's rows in the
 * range it seeks to the next ad, so an hour out of a partition costs a seek per ad plus the rows
 * wanted.
 */
final class BucketScan {

  private BucketScan() {}

  /**
   * @param ads the ads' partition, or null for none
   * @param advertisers the advertiser totals' partition of the same period, or null for none (the
   *     store keeps none for minutes)
   */
  static void scan(
      SharedDb db,
      Granularity granularity,
      ColumnFamilyHandle ads,
      ColumnFamilyHandle advertisers,
      long from,
      long to,
      Consumer<BucketCount> out)
      throws RocksDBException {
    try (AdvertiserTotals totals = new AdvertiserTotals(db, granularity, advertisers, from, to)) {
      if (ads != null) {
        scanAds(db, granularity, ads, from, to, totals, out);
      }
      totals.emitThrough(Long.MAX_VALUE, out);
    }
  }

  private static void scanAds(
      SharedDb db,
      Granularity granularity,
      ColumnFamilyHandle ads,
      long from,
      long to,
      AdvertiserTotals totals,
      Consumer<BucketCount> out)
      throws RocksDBException {
    // The prefix extractor is the advertiser: crossing advertisers needs total order.
    try (ReadOptions read = new ReadOptions().setTotalOrderSeek(true);
        RocksIterator it = db.rocks().newIterator(ads, read)) {
      Pending pending = new Pending(granularity, out);
      it.seekToFirst();
      while (it.isValid()) {
        byte[] key = it.key();
        long advertiser = MetricsKeys.field(key, 0);
        long ad = MetricsKeys.field(key, 1);
        long bucket = MetricsKeys.field(key, 2);
        if (bucket < from) {
          it.seek(MetricsKeys.key(advertiser, ad, from));
        } else if (bucket >= to) {
          if (ad == Long.MAX_VALUE) {
            it.seek(MetricsKeys.key(advertiser + 1, 0, from));
          } else {
            it.seek(MetricsKeys.key(advertiser, ad + 1, from));
          }
        } else {
          pending.add(advertiser, ad, bucket, MetricsKeys.decodeLong(it.value()), totals);
          it.next();
        }
      }
      it.status();
      pending.flush();
    }
  }

  /** The (advertiser, ad, bucket) being summed over its salts. */
  private static final class Pending {
    private final Granularity granularity;
    private final Consumer<BucketCount> out;
    private boolean held;
    private long advertiser;
    private long ad;
    private long bucket;
    private long clicks;

    Pending(Granularity granularity, Consumer<BucketCount> out) {
      this.granularity = granularity;
      this.out = out;
    }

    void add(long advertiser, long ad, long bucket, long clicks, AdvertiserTotals totals)
        throws RocksDBException {
      if (held && advertiser == this.advertiser && ad == this.ad && bucket == this.bucket) {
        this.clicks += clicks;
        return;
      }
      flush();
      totals.emitThrough(advertiser, out);
      held = true;
      this.advertiser = advertiser;
      this.ad = ad;
      this.bucket = bucket;
      this.clicks = clicks;
    }

    void flush() {
      if (held) {
        out.accept(new BucketCount(granularity, advertiser, ad, bucket, clicks, 0));
        held = false;
      }
    }
  }

  /**
   * The advertiser totals in {@code [from, to)}, handed on up to a given advertiser as the ad scan
   * reaches it; also a skip-scan, a seek per advertiser.
   */
  private static final class AdvertiserTotals implements AutoCloseable {
    private final Granularity granularity;
    private final long from;
    private final long to;
    private final ReadOptions read;
    private final RocksIterator it;

    AdvertiserTotals(
        SharedDb db, Granularity granularity, ColumnFamilyHandle partition, long from, long to) {
      this.granularity = granularity;
      this.from = from;
      this.to = to;
      if (partition == null) {
        read = null;
        it = null;
        return;
      }
      read = new ReadOptions().setTotalOrderSeek(true);
      it = db.rocks().newIterator(partition, read);
      it.seek(MetricsKeys.key(0, from));
    }

    /** Hands on the totals of every advertiser up to and including {@code last}. */
    void emitThrough(long last, Consumer<BucketCount> out) throws RocksDBException {
      if (it == null) {
        return;
      }
      while (it.isValid()) {
        byte[] key = it.key();
        long advertiser = MetricsKeys.field(key, 0);
        long bucket = MetricsKeys.field(key, 1);
        if (advertiser > last) {
          return;
        }
        if (bucket < from) {
          it.seek(MetricsKeys.key(advertiser, from));
        } else if (bucket >= to) {
          if (advertiser == Long.MAX_VALUE) {
            break;
          }
          it.seek(MetricsKeys.key(advertiser + 1, from));
        } else {
          out.accept(
              new BucketCount(
                  granularity,
                  advertiser,
                  BucketCount.ADVERTISER_TOTAL,
                  bucket,
                  MetricsKeys.decodeLong(it.value()),
                  0));
          it.next();
        }
      }
      it.status();
    }

    @Override
    public void close() {
      if (it != null) {
        it.close();
        read.close();
      }
    }
  }
}
