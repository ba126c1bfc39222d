package io.adclick.store.rocksdb;

import io.adclick.store.BucketCount;
import io.adclick.time.Granularity;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * One atomic upsert, written blind: every running total is merged with RocksDB's "max" operator, so
 * the store never reads before it writes, replays (the same totals) and a restored job's older
 * totals change nothing, and the cost per count stays flat as the store grows.
 *
 * <ul>
 *   <li>an ad's count goes to its {@link Dataset#AD} row, and a day count also to the advertiser's
 *       per-ad day table ({@link Dataset#ADVERTISER_AD}), there without users: the table ranks ads
 *       by clicks, and users there would double the size of every day's sketches;
 *   <li>an advertiser total ({@link BucketCount#ADVERTISER_TOTAL}) goes to {@link
 *       Dataset#ADVERTISER}.
 * </ul>
 */
final class UpsertBatch {

  private UpsertBatch() {}

  static void write(SharedDb db, List<BucketCount> counts) throws RocksDBException {
    try (WriteBatch batch = new WriteBatch()) {
      for (BucketCount c : counts) {
        byte[] value = MetricsKeys.encodeValue(c.clicks(), c.users());
        Granularity g = c.granularity();
        long start = c.bucketStart();
        if (c.isAdvertiserTotal()) {
          batch.merge(
              db.partitionForWrite(Partition.of(Dataset.ADVERTISER, g, start)),
              MetricsKeys.key(c.advertiserId(), start),
              value);
          continue;
        }
        batch.merge(
            db.partitionForWrite(Partition.of(Dataset.AD, g, start)),
            MetricsKeys.salted(c.advertiserId(), c.adId(), start, c.salt()),
            value);
        if (g == Granularity.DAY) {
          batch.merge(
              db.partitionForWrite(Partition.of(Dataset.ADVERTISER_AD, g, start)),
              MetricsKeys.salted(c.advertiserId(), start, c.adId(), c.salt()),
              MetricsKeys.encodeLong(c.clicks()));
        }
      }
      db.rocks().write(db.writeOptions(), batch);
    }
  }
}
