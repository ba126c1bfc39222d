package io.adclick.registry.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registry's RocksDB instance, its column families and its lifecycle. */
final class RegistryDb implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RegistryDb.class);

  /** The registry is small and read mostly through a cache, so its memory is kept small too. */
  private static final long BLOCK_CACHE_BYTES = 8L * 1024 * 1024;

  private static final long WRITE_BUFFER_BYTES = 2L * 1024 * 1024;

  /** Column families in open order; the default family is required by RocksDB and unused. */
  enum Column {
    DEFAULT(RocksDB.DEFAULT_COLUMN_FAMILY),
    SEQUENCES("sequences"),
    ADVERTISERS("advertisers"),
    ADVERTISER_BY_KEY_HASH("advertiser_by_key_hash"),
    ADS("ads"),
    ADS_BY_ADVERTISER("ads_by_advertiser");

    private final byte[] name;

    Column(String name) {
      this(name.getBytes(UTF_8));
    }

    Column(byte[] name) {
      this.name = name;
    }
  }

  @FunctionalInterface
  interface RocksCall<T> {
    T call(RegistryDb db) throws RocksDBException;
  }

  private final Path dir;
  private final RocksDB rocks;
  private final List<ColumnFamilyHandle> handles;
  private final List<AutoCloseable> options;
  private final WriteOptions syncWrites;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private RegistryDb(
      Path dir, RocksDB rocks, List<ColumnFamilyHandle> handles, List<AutoCloseable> options) {
    this.dir = dir;
    this.rocks = rocks;
    this.handles = handles;
    this.options = options;
    // Registry writes are rare and must be durable when they return: an ad id handed out and
    // then lost would be reissued.
    this.syncWrites = new WriteOptions().setSync(true);
  }

  static RegistryDb open(Path dir) {
    RocksDB.loadLibrary();
    List<AutoCloseable> options = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      LRUCache cache = new LRUCache(BLOCK_CACHE_BYTES);
      options.add(cache);
      ColumnFamilyOptions columnOptions =
          new ColumnFamilyOptions()
              .setWriteBufferSize(WRITE_BUFFER_BYTES)
              .setMaxWriteBufferNumber(2)
              .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache));
      options.add(columnOptions);
      DBOptions dbOptions =
          new DBOptions()
              .setCreateIfMissing(true)
              .setCreateMissingColumnFamilies(true)
              .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
              .setKeepLogFileNum(3);
      options.add(dbOptions);
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (Column column : Column.values()) {
        descriptors.add(new ColumnFamilyDescriptor(column.name, columnOptions));
      }
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      RocksDB rocks = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
      return new RegistryDb(dir, rocks, handles, options);
    } catch (IOException | RocksDBException | RuntimeException e) {
      closeAll(options);
      throw new UncheckedIOException(
          new IOException("cannot open ad registry at " + dir + ": " + e.getMessage(), e));
    }
  }

  /** Runs a call against the open database, failing cleanly if it has been closed. */
  <T> T use(RocksCall<T> call) {
    Lock lock = lifecycle.readLock();
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("ad registry at " + dir + " is closed");
      }
      return call.call(this);
    } catch (RocksDBException e) {
      throw new UncheckedIOException(
          new IOException("ad registry at " + dir + ": " + e.getMessage(), e));
    } finally {
      lock.unlock();
    }
  }

  byte[] get(Column column, byte[] key) throws RocksDBException {
    return rocks.get(handle(column), key);
  }

  List<byte[]> getAll(Column column, List<byte[]> keys) throws RocksDBException {
    if (keys.isEmpty()) {
      return List.of();
    }
    List<ColumnFamilyHandle> columns = new ArrayList<>(keys.size());
    keys.forEach(k -> columns.add(handle(column)));
    return rocks.multiGetAsList(columns, keys);
  }

  /** Keys of a column starting with {@code prefix}, in key order. */
  List<byte[]> keysWithPrefix(Column column, byte[] prefix) throws RocksDBException {
    List<byte[]> keys = new ArrayList<>();
    try (RocksIterator it = rocks.newIterator(handle(column))) {
      for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
        keys.add(it.key());
      }
      it.status();
    }
    return keys;
  }

  void put(WriteBatch batch, Column column, byte[] key, byte[] value) throws RocksDBException {
    batch.put(handle(column), key, value);
  }

  /** Writes the batch atomically and durably. */
  void write(WriteBatch batch) throws RocksDBException {
    rocks.write(syncWrites, batch);
  }

  private ColumnFamilyHandle handle(Column column) {
    return handles.get(column.ordinal());
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      handles.forEach(ColumnFamilyHandle::close);
      try {
        rocks.closeE();
      } catch (RocksDBException e) {
        log.warn("closing ad registry at {} failed", dir, e);
      }
      syncWrites.close();
      closeAll(options);
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  /** Closes in reverse order of creation, so nothing is closed before what references it. */
  private static void closeAll(List<AutoCloseable> resources) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        log.warn("closing RocksDB options failed", e);
      }
    }
  }
}
