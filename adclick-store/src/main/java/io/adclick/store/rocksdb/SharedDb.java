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
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
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
  private final List<ColumnFamilyHandle> fixedHandles;
  private final ColumnFamilyHandle meta;
  private final RocksTuning.BucketColumnOptions bucketOptions;
  private final WriteOptions writeOptions;
  private final List<AutoCloseable> options;

  /** Open partitions by dataset and granularity, each ordered by start. */
  private final Map<Dataset, Map<Granularity, ConcurrentSkipListMap<Long, ColumnFamilyHandle>>>
      partitions = new EnumMap<>(Dataset.class);

  /** Serializes partition creation. */
  private final Object creationLock = new Object();

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
      Path dir,
      RocksDB rocks,
      List<ColumnFamilyDescriptor> descriptors,
      List<ColumnFamilyHandle> handles,
      RocksTuning.BucketColumnOptions bucketOptions,
      List<AutoCloseable> options) {
    this.dir = dir;
    this.rocks = rocks;
    this.bucketOptions = bucketOptions;
    this.options = options;
    this.fixedHandles = List.copyOf(handles.subList(0, 2));
    this.meta = handles.get(1);
    for (Dataset d : Dataset.values()) {
      Map<Granularity, ConcurrentSkipListMap<Long, ColumnFamilyHandle>> byGranularity =
          new EnumMap<>(Granularity.class);
      for (Granularity g : Granularity.values()) {
        byGranularity.put(g, new ConcurrentSkipListMap<>());
      }
      partitions.put(d, byGranularity);
    }
    for (int i = 2; i < handles.size(); i++) {
      Partition p = Partition.parse(new String(descriptors.get(i).getName(), UTF_8)).orElseThrow();
      partitions.get(p.dataset()).get(p.granularity()).put(p.start(), handles.get(i));
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

  /** The column family of a partition, created if it does not exist yet. */
  ColumnFamilyHandle partitionForWrite(Partition p) throws RocksDBException {
    ConcurrentSkipListMap<Long, ColumnFamilyHandle> open =
        partitionsOf(p.dataset(), p.granularity());
    ColumnFamilyHandle handle = open.get(p.start());
    if (handle != null) {
      return handle;
    }
    synchronized (creationLock) {
      handle = open.get(p.start());
      if (handle == null) {
        handle =
            rocks.createColumnFamily(
                new ColumnFamilyDescriptor(p.name().getBytes(UTF_8), bucketOptions.options()));
        open.put(p.start(), handle);
      }
      return handle;
    }
  }

  /**
   * The existing partitions of a dataset and granularity that can hold buckets starting in {@code
   * [from, to)}, in time order.
   */
  List<ColumnFamilyHandle> partitionsOverlapping(
      Dataset dataset, Granularity granularity, long from, long to) {
    long first = Partition.of(dataset, granularity, from).start();
    return new ArrayList<>(
        partitionsOf(dataset, granularity).subMap(first, true, to, false).values());
  }

  /** Every partition that exists now. */
  List<Partition> partitions() {
    List<Partition> out = new ArrayList<>();
    partitions.forEach(
        (d, byGranularity) ->
            byGranularity.forEach(
                (g, open) -> open.keySet().forEach(start -> out.add(new Partition(d, g, start)))));
    return out;
  }

  /**
   * Drops partitions whole. Waits for reads and writes in progress, since a handle must not be used
   * after its family is dropped.
   */
  int drop(List<Partition> doomed) {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return 0;
      }
      int dropped = 0;
      for (Partition p : doomed) {
        ColumnFamilyHandle handle = partitionsOf(p.dataset(), p.granularity()).remove(p.start());
        if (handle != null) {
          rocks.dropColumnFamily(handle);
          handle.close();
          dropped++;
        }
      }
      return dropped;
    } catch (RocksDBException e) {
      throw new UncheckedIOException(
          new IOException("RocksDB at " + dir + ": " + e.getMessage(), e));
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private ConcurrentSkipListMap<Long, ColumnFamilyHandle> partitionsOf(
      Dataset dataset, Granularity granularity) {
    return partitions.get(dataset).get(granularity);
  }

  Path dir() {
    return dir;
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
      for (String name : existingPartitionNames(dir)) {
        descriptors.add(new ColumnFamilyDescriptor(name.getBytes(UTF_8), bucketOptions.options()));
      }
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      RocksDB rocks = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
      return new SharedDb(dir, rocks, descriptors, handles, bucketOptions, options);
    } catch (RocksDBException | RuntimeException e) {
      closeAll(options);
      if (e instanceof IllegalStateException) {
        throw new UncheckedIOException(
            new IOException("cannot open metrics store at " + dir + ": " + e.getMessage()));
      }
      throw new UncheckedIOException(
          new IOException("cannot open metrics store at " + dir + ": " + e.getMessage(), e));
    }
  }

  /**
   * The partition column families of an existing store. A store written by the unpartitioned layout
   * (families named minute, hour, day, without advertisers) cannot be read as this one.
   */
  private static List<String> existingPartitionNames(Path dir) throws RocksDBException {
    List<String> names = new ArrayList<>();
    if (!Files.exists(dir.resolve("CURRENT"))) {
      return names;
    }
    try (Options listOptions = new Options()) {
      for (byte[] raw : RocksDB.listColumnFamilies(listOptions, dir.toString())) {
        String name = new String(raw, UTF_8);
        if (name.equals("default") || name.equals("meta")) {
          continue;
        }
        if (Partition.parse(name).isEmpty()) {
          throw new IllegalStateException(
              "column family '"
                  + name
                  + "' is not part of this version's layout (per-advertiser partitions); move"
                  + " the old store away and let reconciliation rebuild it");
        }
        names.add(name);
      }
    }
    return names;
  }

  private void closeNative() {
    lifecycle.writeLock().lock();
    try {
      closed = true;
      partitions
          .values()
          .forEach(m -> m.values().forEach(p -> p.values().forEach(ColumnFamilyHandle::close)));
      fixedHandles.forEach(ColumnFamilyHandle::close);
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
