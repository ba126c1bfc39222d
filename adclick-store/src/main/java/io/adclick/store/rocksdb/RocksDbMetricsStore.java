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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

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
   * <p>Atomic: one write batch, serialized with other upserts on the same database.
   */
  @Override
  public void upsert(List<BucketCount> counts) {
    if (counts.isEmpty()) {
      return;
    }
    UpsertChecks.requireStorable(counts);
    use(
        db -> {
          synchronized (db.writeLock()) {
            new UpsertBatch(db).write(counts);
          }
          return null;
        });
  }

  @Override
  public List<BucketTotal> adSeries(
      Granularity granularity, long advertiserId, long adId, long fromInclusive, long toExclusive) {
    return series(Dataset.AD, granularity, adId, fromInclusive, toExclusive);
  }

  @Override
  public List<BucketTotal> advertiserSeries(
      Granularity granularity, long advertiserId, long fromInclusive, long toExclusive) {
    return series(Dataset.ADVERTISER, granularity, advertiserId, fromInclusive, toExclusive);
  }

  private List<BucketTotal> series(
      Dataset dataset, Granularity granularity, long owner, long fromInclusive, long toExclusive) {
    long from = Math.max(0, fromInclusive);
    if (toExclusive <= from) {
      return List.of();
    }
    return use(
        db -> {
          List<BucketTotal> out = new ArrayList<>();
          for (ColumnFamilyHandle partition :
              db.partitionsOverlapping(dataset, granularity, from, toExclusive)) {
            scanSeries(db, partition, owner, from, toExclusive, out);
          }
          return out;
        });
  }

  /** Appends one partition's part of a series, summing adjacent keys of the same bucket (salts). */
  private static void scanSeries(
      SharedDb db,
      ColumnFamilyHandle partition,
      long owner,
      long from,
      long toExclusive,
      List<BucketTotal> out)
      throws RocksDBException {
    long bucket = -1;
    long clicks = 0;
    try (Slice upper = new Slice(MetricsKeys.key(owner, toExclusive));
        ReadOptions read =
            new ReadOptions().setIterateUpperBound(upper).setPrefixSameAsStart(true);
        RocksIterator it = db.rocks().newIterator(partition, read)) {
      for (it.seek(MetricsKeys.key(owner, from)); it.isValid(); it.next()) {
        long start = MetricsKeys.bucketStart(it.key());
        if (start != bucket && bucket >= 0) {
          out.add(new BucketTotal(bucket, clicks));
          clicks = 0;
        }
        bucket = start;
        clicks += MetricsKeys.decodeLong(it.value());
      }
      it.status();
    }
    if (bucket >= 0) {
      out.add(new BucketTotal(bucket, clicks));
    }
  }

  @Override
  public List<AdTotal> adTotals(
      Granularity granularity, long advertiserId, long fromInclusive, long toExclusive) {
    long from = Math.max(0, fromInclusive);
    if (toExclusive <= from) {
      return List.of();
    }
    return use(
        db -> {
          Map<Long, Long> byAd = new HashMap<>();
          for (ColumnFamilyHandle partition :
              db.partitionsOverlapping(Dataset.ADVERTISER_AD, granularity, from, toExclusive)) {
            try (Slice upper = new Slice(MetricsKeys.key(advertiserId, toExclusive));
                ReadOptions read =
                    new ReadOptions().setIterateUpperBound(upper).setPrefixSameAsStart(true);
                RocksIterator it = db.rocks().newIterator(partition, read)) {
              for (it.seek(MetricsKeys.key(advertiserId, from)); it.isValid(); it.next()) {
                byAd.merge(
                    MetricsKeys.adOf(it.key()), MetricsKeys.decodeLong(it.value()), Long::sum);
              }
              it.status();
            }
          }
          List<AdTotal> out = new ArrayList<>(byAd.size());
          byAd.forEach((ad, clicks) -> out.add(new AdTotal(ad, clicks)));
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
    List<Partition> doomed = new ArrayList<>();
    for (Partition p : shared.partitions()) {
      if (p.end() <= nowMillis - retention.of(p.granularity()).toMillis()) {
        doomed.add(p);
      }
    }
    if (closed.get()) {
      throw new IllegalStateException("metrics store handle is closed");
    }
    return doomed.isEmpty() ? 0 : shared.drop(doomed);
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
