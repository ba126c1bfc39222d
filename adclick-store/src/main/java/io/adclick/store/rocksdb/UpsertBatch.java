package io.adclick.store.rocksdb;

import io.adclick.store.BucketCount;
import io.adclick.time.Granularity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * One atomic upsert: raises ad totals and adds each raise to the advertiser's series and per-ad day
 * table, in one write batch.
 *
 * <p>Why deltas: the job writes running totals per ad (and salt), but advertiser rows are sums over
 * many ads written by different job subtasks. Reading the stored ad total and adding only the raise
 * keeps "advertiser row = sum of its ads' rows" true after every batch, including a replay that
 * rewrites totals already stored (raise 0) or smaller ones (ignored). The caller holds the store's
 * write lock, so no other batch reads between this one's reads and its write.
 */
final class UpsertBatch {

  /**
   * A row of one partition, compared by content so rows touched twice in a batch merge. Fields in
   * key order: see {@link MetricsKeys}.
   */
  private record Row(Partition partition, long advertiser, long second, long third, int salt) {
    byte[] key() {
      return switch (partition.dataset()) {
        case AD -> MetricsKeys.adKey(advertiser, second, third, salt);
        case ADVERTISER -> MetricsKeys.key(advertiser, second);
        case ADVERTISER_AD -> MetricsKeys.key(advertiser, second, third);
      };
    }
  }

  private final SharedDb db;
  private final Map<Row, Long> adTotals = new LinkedHashMap<>();
  private final Map<Row, Long> sums = new LinkedHashMap<>();

  UpsertBatch(SharedDb db) {
    this.db = db;
  }

  void write(List<BucketCount> counts) throws RocksDBException {
    Map<Row, Long> stored = read(adRows(counts));
    for (BucketCount c : counts) {
      Row ad = adRow(c);
      long before = adTotals.getOrDefault(ad, stored.get(ad));
      if (c.clicks() > before) {
        adTotals.put(ad, c.clicks());
        addToSums(c, c.clicks() - before);
      }
    }
    if (adTotals.isEmpty()) {
      return;
    }
    try (WriteBatch batch = new WriteBatch()) {
      for (Map.Entry<Row, Long> e : adTotals.entrySet()) {
        Row row = e.getKey();
        batch.put(db.partitionForWrite(row.partition()), row.key(), encode(e.getValue()));
      }
      for (Map.Entry<Row, Long> e : sums.entrySet()) {
        Row row = e.getKey();
        batch.merge(db.partitionForWrite(row.partition()), row.key(), encode(e.getValue()));
      }
      db.rocks().write(db.writeOptions(), batch);
    }
  }

  /**
   * Adds a raise to the sums kept for the count's granularity: advertiser series for hours and
   * days, per-ad day totals for top-ads tables. Minutes get neither: they are most of the rows, and
   * an advertiser's minutes (at most a few days of them per request) are read from its ads' rows
   * instead.
   */
  private void addToSums(BucketCount c, long delta) {
    Granularity g = c.granularity();
    long start = c.bucketStart();
    if (g == Granularity.MINUTE) {
      return;
    }
    Partition advertiser = Partition.of(Dataset.ADVERTISER, g, start);
    sums.merge(new Row(advertiser, c.advertiserId(), start, 0, 0), delta, Long::sum);
    if (g == Granularity.DAY) {
      Partition perAd = Partition.of(Dataset.ADVERTISER_AD, g, start);
      sums.merge(new Row(perAd, c.advertiserId(), start, c.adId(), 0), delta, Long::sum);
    }
  }

  private static List<Row> adRows(List<BucketCount> counts) {
    List<Row> rows = new ArrayList<>(counts.size());
    for (BucketCount c : counts) {
      rows.add(adRow(c));
    }
    return rows;
  }

  private static Row adRow(BucketCount c) {
    return new Row(
        Partition.of(Dataset.AD, c.granularity(), c.bucketStart()),
        c.advertiserId(),
        c.adId(),
        c.bucketStart(),
        c.salt());
  }

  /** Stored values of rows, 0 where absent; one multi-get. */
  private Map<Row, Long> read(List<Row> rows) throws RocksDBException {
    List<ColumnFamilyHandle> families = new ArrayList<>(rows.size());
    List<byte[]> keys = new ArrayList<>(rows.size());
    for (Row row : rows) {
      families.add(db.partitionForWrite(row.partition()));
      keys.add(row.key());
    }
    List<byte[]> values = db.rocks().multiGetAsList(families, keys);
    Map<Row, Long> out = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      out.put(rows.get(i), MetricsKeys.decodeLong(values.get(i)));
    }
    return out;
  }

  private static byte[] encode(long value) {
    return MetricsKeys.encodeLong(value);
  }
}
