package io.adclick.store.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.adclick.store.AdTotal;
import io.adclick.store.BucketCount;
import io.adclick.store.BucketTotal;
import io.adclick.store.MetricsStore;
import io.adclick.store.Retention;
import io.adclick.store.UpsertChecks;
import io.adclick.time.Granularity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongBinaryOperator;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;

/**
 * {@link MetricsStore} in an embedded RocksDB directory: per-ad totals, advertiser series and
 * per-advertiser ad tables (see {@link MetricsKeys}), each granularity in time-partitioned column
 * families ({@link Partition}) that retention drops whole, plus a {@code meta} family holding
 * completeThrough.
 *
 * <p>Each instance is a handle on a database shared by every handle opened on the same directory in
 * this process; see {@link #open(Path)}. Thread-safe.
 */
public final class RocksDbMetricsStore implements MetricsStore {

  private static final byte[] COMPLETE_THROUGH = "completeThrough".getBytes(UTF_8);

  private final SharedDb shared;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RocksDbMetricsStore(SharedDb shared) {
    this.shared = shared;
  }

  /**
   * Opens a handle on the store in {@code dir}, creating it if missing. Handles on the same
   * directory (by canonical path) share one database, which closes when the last handle closes.
   *
   * @throws java.io.UncheckedIOException if the directory cannot be created or opened, for example
   *     because another process holds it
   */
  public static RocksDbMetricsStore open(Path dir) {
    return new RocksDbMetricsStore(SharedDb.acquire(dir));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Atomic: one write batch of blind "max" merges; see {@link UpsertBatch}.
   */
  @Override
  public void upsert(List<BucketCount> counts) {
    if (counts.isEmpty()) {
      return;
    }
    UpsertChecks.requireStorable(counts);
    use(
        db -> {
          UpsertBatch.write(db, counts);
          return null;
        });
  }

  /**
   * {@inheritDoc} Atomic: one write batch of range deletes and puts; see {@link OverwriteBatch}.
   */
  @Override
  public void overwrite(List<BucketCount> totals) {
    if (totals.isEmpty()) {
      return;
    }
    UpsertChecks.requireOverwritable(totals);
    use(
        db -> {
          OverwriteBatch.write(db, totals);
          return null;
        });
  }

  @Override
  public List<BucketTotal> adSeries(
      Granularity granularity, long advertiserId, long adId, long fromInclusive, long toExclusive) {
    return read(
        Dataset.AD,
        granularity,
        fromInclusive,
        toExclusive,
        (db, partition, from, to, out) ->
            RangeScan.sumByBucket(
                db,
                partition,
                MetricsKeys.key(advertiserId, adId, from),
                MetricsKeys.key(advertiserId, adId, to),
                2,
                out),
        new ArrayList<BucketTotal>());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Hours and days are the advertiser totals the job wrote; minutes are summed from the
   * advertiser's ad rows.
   */
  @Override
  public List<BucketTotal> advertiserSeries(
      Granularity granularity, long advertiserId, long fromInclusive, long toExclusive) {
    if (granularity == Granularity.MINUTE) {
      List<BucketTotal> out = new ArrayList<>();
      sumAdRows(granularity, advertiserId, fromInclusive, toExclusive, (ad, bucket) -> bucket)
          .forEach((bucket, clicks) -> out.add(new BucketTotal(bucket, clicks)));
      return out;
    }
    return read(
        Dataset.ADVERTISER,
        granularity,
        fromInclusive,
        toExclusive,
        (db, partition, from, to, out) ->
            RangeScan.sumByBucket(
                db,
                partition,
                MetricsKeys.key(advertiserId, from),
                MetricsKeys.key(advertiserId, to),
                1,
                out),
        new ArrayList<BucketTotal>());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Days are one scan of the stored per-ad day totals; hours and minutes are summed from the
   * advertiser's ad rows.
   */
  @Override
  public List<AdTotal> adTotals(
      Granularity granularity, long advertiserId, long fromInclusive, long toExclusive) {
    Map<Long, Long> byAd =
        granularity == Granularity.DAY
            ? read(
                Dataset.ADVERTISER_AD,
                granularity,
                fromInclusive,
                toExclusive,
                (db, partition, from, to, out) ->
                    RangeScan.visit(
                        db,
                        partition,
                        MetricsKeys.key(advertiserId, from),
                        MetricsKeys.key(advertiserId, to),
                        (key, value) ->
                            out.merge(
                                MetricsKeys.field(key, 2),
                                MetricsKeys.decodeLong(value),
                                Long::sum)),
                new HashMap<Long, Long>())
            : sumAdRows(granularity, advertiserId, fromInclusive, toExclusive, (ad, bucket) -> ad);
    List<AdTotal> out = new ArrayList<>(byAd.size());
    byAd.forEach((ad, clicks) -> out.add(new AdTotal(ad, clicks)));
    return out;
  }

  @Override
  public void scanBuckets(
      Granularity granularity, long fromInclusive, long toExclusive, Consumer<BucketCount> out) {
    MetricsStore.requireWithinOneDay(fromInclusive, toExclusive);
    use(
        db -> {
          // Within one UTC day, so within one partition of each dataset.
          ColumnFamilyHandle ads =
              onlyPartition(db, Dataset.AD, granularity, fromInclusive, toExclusive);
          ColumnFamilyHandle advertisers =
              granularity == Granularity.MINUTE
                  ? null
                  : onlyPartition(db, Dataset.ADVERTISER, granularity, fromInclusive, toExclusive);
          if (ads == null && advertisers == null) {
            return null;
          }
          BucketScan.scan(db, granularity, ads, advertisers, fromInclusive, toExclusive, out);
          return null;
        });
  }

  private static ColumnFamilyHandle onlyPartition(
      SharedDb db, Dataset dataset, Granularity granularity, long from, long to) {
    List<ColumnFamilyHandle> found = db.partitionsOverlapping(dataset, granularity, from, to);
    return found.isEmpty() ? null : found.get(0);
  }

  /**
   * Sums an advertiser's ad rows in a range by the key {@code by} picks from (ad, bucket), in key
   * order: per bucket for a series, per ad for a table.
   */
  private Map<Long, Long> sumAdRows(
      Granularity granularity,
      long advertiserId,
      long fromInclusive,
      long toExclusive,
      LongBinaryOperator by) {
    return read(
        Dataset.AD,
        granularity,
        fromInclusive,
        toExclusive,
        (db, partition, from, to, out) ->
            AdRowScan.scan(
                db,
                partition,
                advertiserId,
                from,
                to,
                (ad, bucket, clicks) -> out.merge(by.applyAsLong(ad, bucket), clicks, Long::sum)),
        new TreeMap<Long, Long>());
  }

  /** Reads one partition's part of a range into an accumulator. */
  @FunctionalInterface
  private interface PartitionRead<A> {
    void read(SharedDb db, ColumnFamilyHandle partition, long from, long to, A out)
        throws RocksDBException;
  }

  /** Runs a partition read over every partition a range overlaps, in time order. */
  private <A> A read(
      Dataset dataset,
      Granularity granularity,
      long fromInclusive,
      long toExclusive,
      PartitionRead<A> partitionRead,
      A out) {
    long from = Math.max(0, fromInclusive);
    if (toExclusive <= from) {
      return out;
    }
    return use(
        db -> {
          for (ColumnFamilyHandle partition :
              db.partitionsOverlapping(dataset, granularity, from, toExclusive)) {
            partitionRead.read(db, partition, from, toExclusive, out);
          }
          return out;
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>A partition goes when its whole period is older than the retention: at most one period (a
   * day of minutes, 30 days of hours, 360 days of days) outlives the retention.
   */
  @Override
  public int applyRetention(Retention retention, long nowMillis) {
    if (closed.get()) {
      throw new IllegalStateException("metrics store handle is closed");
    }
    List<Partition> doomed = new ArrayList<>();
    for (Partition p : shared.partitions()) {
      if (p.end() <= nowMillis - retention.of(p.granularity()).toMillis()) {
        doomed.add(p);
      }
    }
    return doomed.isEmpty() ? 0 : shared.drop(doomed);
  }

  /** {@inheritDoc} A batch is one local write batch; 500 keeps each under a few milliseconds. */
  @Override
  public int preferredBatchSize() {
    return 500;
  }

  @Override
  public long sizeOnDiskBytes() {
    try (Stream<Path> files = Files.walk(shared.dir())) {
      return files.filter(Files::isRegularFile).mapToLong(RocksDbMetricsStore::sizeOf).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      // RocksDB deletes obsolete files while we walk.
      return 0;
    }
  }

  @Override
  public void advanceCompleteThrough(long epochMillis) {
    // The lock is per database, not per handle, so two handles cannot interleave and regress.
    synchronized (shared.metaLock()) {
      use(
          db -> {
            if (epochMillis > readCompleteThrough(db)) {
              db.rocks()
                  .put(
                      db.meta(),
                      db.writeOptions(),
                      COMPLETE_THROUGH,
                      MetricsKeys.encodeLong(epochMillis));
            }
            return null;
          });
    }
  }

  @Override
  public long completeThrough() {
    return use(RocksDbMetricsStore::readCompleteThrough);
  }

  private static long readCompleteThrough(SharedDb db) throws RocksDBException {
    byte[] value = db.rocks().get(db.meta(), COMPLETE_THROUGH);
    return value == null ? 0 : MetricsKeys.decodeLong(value);
  }

  /** Releases this handle; the database closes with its last handle. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      SharedDb.release(shared);
    }
  }

  private <T> T use(SharedDb.RocksCall<T> call) {
    if (closed.get()) {
      throw new IllegalStateException("metrics store handle is closed");
    }
    return shared.use(call);
  }
}
