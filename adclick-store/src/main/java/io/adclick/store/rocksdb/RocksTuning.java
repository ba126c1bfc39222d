package io.adclick.store.rocksdb;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.IndexType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * Memory-bounded RocksDB options shared by every metrics store in the process.
 *
 * <p>The bound: one 64 MB LRU block cache per process, into which index and filter blocks are
 * loaded and memtables are charged (through the write buffer manager), so block cache plus
 * memtables stay near 64 MB however many stores are open. The cache and manager live for the life
 * of the process and are deliberately never closed.
 */
final class RocksTuning {

  private static final long MB = 1024L * 1024L;
  private static final long BLOCK_CACHE_BYTES = 64 * MB;

  /** Total memtable size across all stores before flushes are forced; charged to the cache. */
  private static final long MEMTABLES_BYTES = 16 * MB;

  private static final long WRITE_BUFFER_BYTES = 4 * MB;
  private static final long MAX_TOTAL_WAL_BYTES = 64 * MB;

  private static final Cache BLOCK_CACHE;
  private static final WriteBufferManager WRITE_BUFFERS;

  static {
    RocksDB.loadLibrary();
    BLOCK_CACHE = new LRUCache(BLOCK_CACHE_BYTES);
    WRITE_BUFFERS = new WriteBufferManager(MEMTABLES_BYTES, BLOCK_CACHE);
  }

  private RocksTuning() {}

  static DBOptions dbOptions() {
    return new DBOptions()
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        .setWriteBufferManager(WRITE_BUFFERS)
        // The meta column family is written often but tiny; without a cap its memtable would
        // pin old WAL files until it happened to flush.
        .setMaxTotalWalSize(MAX_TOTAL_WAL_BYTES)
        .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
        .setKeepLogFileNum(3);
  }

  /**
   * Options for a bucket column family. The owner must close the returned filter after the
   * database; see {@link BucketColumnOptions}.
   */
  static BucketColumnOptions bucketColumnOptions() {
    BloomFilter filter = new BloomFilter(10);
    BlockBasedTableConfig table =
        new BlockBasedTableConfig()
            .setBlockCache(BLOCK_CACHE)
            .setCacheIndexAndFilterBlocks(true)
            .setPinL0FilterAndIndexBlocksInCache(true)
            // Partitioned: a seek loads the few 4 KB index and filter partitions it needs. Whole,
            // they are megabytes per file (a 52 MB file of 6M minute rows: 7.8 MB of filter, 1.2
            // MB of index), more than one 1 MB shard of the cache (64 shards) holds, so every seek
            // read them from the file again: 2.5 ms of the 3 ms one ad's minute series took.
            .setIndexType(IndexType.kTwoLevelIndexSearch)
            .setPartitionFilters(true)
            .setMetadataBlockSize(4 * 1024)
            .setPinTopLevelIndexAndFilter(true)
            .setCacheIndexAndFilterBlocksWithHighPriority(true)
            .setFilterPolicy(filter)
            // Upserts look up whole keys; series scans seek by prefix (ad or advertiser id).
            .setWholeKeyFiltering(true);
    ColumnFamilyOptions options =
        new ColumnFamilyOptions()
            .useFixedLengthPrefixExtractor(MetricsKeys.PREFIX_LENGTH)
            .setWriteBufferSize(WRITE_BUFFER_BYTES)
            .setMaxWriteBufferNumber(2)
            // A day at the design point is ~100M small rows: LZ4 where data churns, ZSTD for the
            // bottommost level, where most of it settles and is read rarely.
            .setCompressionType(CompressionType.LZ4_COMPRESSION)
            .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION)
            .setTableFormatConfig(table);
    // RocksDB's built-in "max" keeps the bytewise largest value, which for the non-negative
    // big-endian totals is the numerically largest: see MetricsStore#upsert and UpsertBatch.
    options.setMergeOperatorName("max");
    return new BucketColumnOptions(options, filter);
  }

  static ColumnFamilyOptions metaColumnOptions() {
    return new ColumnFamilyOptions()
        .setWriteBufferSize(WRITE_BUFFER_BYTES)
        .setMaxWriteBufferNumber(2)
        .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(BLOCK_CACHE));
  }

  /** Column family options plus the native filter they reference, closed together. */
  record BucketColumnOptions(ColumnFamilyOptions options, BloomFilter filter)
      implements AutoCloseable {
    @Override
    public void close() {
      options.close();
      filter.close();
    }
  }
}
