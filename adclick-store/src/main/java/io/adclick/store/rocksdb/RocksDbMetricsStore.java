package io.adclick.store.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.adclick.store.BucketCount;
import io.adclick.store.MetricsStore;
import io.adclick.time.Granularity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

/**
 * {@link MetricsStore} in an embedded RocksDB directory: one column family per granularity, keyed
 * by (adId, bucketStart), plus a {@code meta} family holding completeThrough.
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
   * <p>Atomic: one write batch.
   *
   * @throws IllegalArgumentException if a bucket starts before the epoch
   */
  @Override
  public void upsert(List<BucketCount> counts) {
    if (counts.isEmpty()) {
      return;
    }
    for (BucketCount count : counts) {
      if (count.bucketStart() < 0) {
        // Negative starts would sort after positive ones in big-endian keys.
        throw new IllegalArgumentException("bucketStart must not be negative: " + count);
      }
      if (count.clicks() < 0) {
        // The "max" merge compares bytes: a negative total would beat every positive one.
        throw new IllegalArgumentException("clicks must not be negative: " + count);
      }
    }
    use(
        db -> {
          try (WriteBatch batch = new WriteBatch()) {
            for (BucketCount c : counts) {
              batch.merge(
                  db.buckets(c.granularity()),
                  MetricsKeys.key(c.adId(), c.bucketStart(), c.salt()),
                  MetricsKeys.encodeLong(c.clicks()));
            }
            db.rocks().write(db.writeOptions(), batch);
          }
          return null;
        });
  }

  @Override
  public List<BucketCount> series(
      Granularity granularity, long adId, long fromInclusive, long toExclusive) {
    long from = Math.max(0, fromInclusive);
    if (toExclusive <= from) {
      return List.of();
    }
    return use(db -> scan(db, granularity, adId, from, toExclusive));
  }

  private static List<BucketCount> scan(
      SharedDb db, Granularity granularity, long adId, long from, long toExclusive)
      throws RocksDBException {
    List<BucketCount> out = new ArrayList<>();
    // The upper bound lets RocksDB stop at toExclusive instead of reading the next key; the
    // bound and the start share the adId prefix, so prefix Bloom filters skip files without it.
    try (Slice upper = new Slice(MetricsKeys.key(adId, toExclusive));
        ReadOptions read =
            new ReadOptions().setIterateUpperBound(upper).setPrefixSameAsStart(true);
        RocksIterator it = db.rocks().newIterator(db.buckets(granularity), read)) {
      long bucket = -1;
      long clicks = 0;
      for (it.seek(MetricsKeys.key(adId, from)); it.isValid(); it.next()) {
        long start = MetricsKeys.bucketStart(it.key());
        if (start != bucket && bucket >= 0) {
          out.add(new BucketCount(granularity, adId, bucket, clicks));
          clicks = 0;
        }
        bucket = start;
        clicks += MetricsKeys.decodeLong(it.value());
      }
      it.status();
      if (bucket >= 0) {
        out.add(new BucketCount(granularity, adId, bucket, clicks));
      }
    }
    return out;
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
