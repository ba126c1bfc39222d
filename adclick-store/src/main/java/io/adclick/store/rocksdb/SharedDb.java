package io.adclick.store.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.adclick.time.Granularity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open RocksDB directory, shared by every handle on it in this process.
 *
 * <p>RocksDB allows a single open instance per directory per process, yet the all-in-one server
 * opens the same store from the query API and, independently by URI, from the stream sink. So
 * instances are kept in a process-wide registry keyed by canonical path and reference-counted: the
 * native database closes when the last handle releases it.
 */
final class SharedDb {

  private static final Logger log = LoggerFactory.getLogger(SharedDb.class);
  private static final byte[] META = "meta".getBytes(UTF_8);

  /** Guarded by {@code SharedDb.class}. */
  private static final Map<Path, SharedDb> OPEN = new HashMap<>();

  private final Path dir;
  private final RocksDB rocks;
  private final List<ColumnFamilyHandle> handles;
  private final Map<Granularity, ColumnFamilyHandle> buckets;
  private final ColumnFamilyHandle meta;
  private final WriteOptions writeOptions;
  private final List<AutoCloseable> options;

  /** Readers use the database; the final release takes the write lock to close it. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

  /** Serializes read-compare-write of meta values across all handles. */
  private final Object metaLock = new Object();

  /** Guarded by {@code SharedDb.class}. */
  private int references;

  /** Guarded by the lifecycle write lock. */
  private boolean closed;

  @FunctionalInterface
  interface RocksCall<T> {
    T call(SharedDb db) throws RocksDBException;
  }

  private SharedDb(
      Path dir, RocksDB rocks, List<ColumnFamilyHandle> handles, List<AutoCloseable> options) {
    this.dir = dir;
    this.rocks = rocks;
    this.handles = handles;
    this.options = options;
    this.meta = handles.get(1);
    this.buckets = new EnumMap<>(Granularity.class);
    Granularity[] granularities = Granularity.values();
    for (int i = 0; i < granularities.length; i++) {
      buckets.put(granularities[i], handles.get(2 + i));
    }
    // WAL on, no fsync per write. The stream job replays from its last checkpoint after a crash
    // and rewrites the same running totals, so the unsynced WAL tail (lost only if the OS
    // crashes; a process crash keeps it in the page cache) is recovered by replay. One WAL
    // serves all column families, so recovery never keeps a completeThrough without the counts
    // written before it.
    this.writeOptions = new WriteOptions();
  }

  /** Opens the directory or shares the instance already open in this process. */
  static synchronized SharedDb acquire(Path dir) {
    Path key = canonical(dir);
    SharedDb db = OPEN.get(key);
    if (db == null) {
      db = open(key);
      OPEN.put(key, db);
    }
    db.references++;
    return db;
  }

  /** Gives up one reference; the last one closes the database. */
  static synchronized void release(SharedDb db) {
    if (--db.references == 0) {
      OPEN.remove(db.dir);
      db.closeNative();
    }
  }

  /** Runs a call against the open database, failing cleanly if it has been closed. */
  <T> T use(RocksCall<T> call) {
    Lock lock = lifecycle.readLock();
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("metrics store at " + dir + " is closed");
      }
      return call.call(this);
    } catch (RocksDBException e) {
      throw new UncheckedIOException(
          new IOException("RocksDB at " + dir + ": " + e.getMessage(), e));
    } finally {
      lock.unlock();
    }
  }

  RocksDB rocks() {
    return rocks;
  }

  ColumnFamilyHandle buckets(Granularity granularity) {
    return buckets.get(granularity);
  }

  ColumnFamilyHandle meta() {
    return meta;
  }

  WriteOptions writeOptions() {
    return writeOptions;
  }

  Object metaLock() {
    return metaLock;
  }

  private static Path canonical(Path dir) {
    Path absolute = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute);
      // Real path too, so a symlinked spelling of the same directory shares the instance.
      return absolute.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create metrics store directory " + dir, e);
    }
  }

  private static SharedDb open(Path dir) {
    List<AutoCloseable> options = new ArrayList<>();
    try {
      RocksTuning.BucketColumnOptions bucketOptions = RocksTuning.bucketColumnOptions();
      options.add(bucketOptions);
      ColumnFamilyOptions metaOptions = RocksTuning.metaColumnOptions();
      options.add(metaOptions);
      DBOptions dbOptions = RocksTuning.dbOptions();
      options.add(dbOptions);
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      // RocksDB insists the default family is listed; it stays empty.
      descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, metaOptions));
      descriptors.add(new ColumnFamilyDescriptor(META, metaOptions));
      for (Granularity g : Granularity.values()) {
        descriptors.add(
            new ColumnFamilyDescriptor(g.apiName().getBytes(UTF_8), bucketOptions.options()));
      }
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      RocksDB rocks = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
      return new SharedDb(dir, rocks, handles, options);
    } catch (RocksDBException | RuntimeException e) {
      closeAll(options);
      throw new UncheckedIOException(
          new IOException("cannot open metrics store at " + dir + ": " + e.getMessage(), e));
    }
  }

  private void closeNative() {
    lifecycle.writeLock().lock();
    try {
      closed = true;
      handles.forEach(ColumnFamilyHandle::close);
      try {
        rocks.closeE();
      } catch (RocksDBException e) {
        log.warn("closing metrics store at {} failed", dir, e);
      }
      writeOptions.close();
      closeAll(options);
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("closing RocksDB options failed", e);
      }
    }
  }

  /** Number of distinct databases open in this process; for tests. */
  static synchronized int openCount() {
    return OPEN.size();
  }
}
