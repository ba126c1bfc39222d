package io.adclick.store.rocksdb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Key and value layout. Every key starts with an 8-byte big-endian owner (the ad for ad series, the
 * advertiser otherwise) and then the 8-byte big-endian bucket start, so RocksDB's bytewise order is
 * (owner, bucketStart) order for non-negative ids and times and one series is contiguous: one seek
 * plus a short scan. The owner doubles as the prefix for prefix Bloom filters.
 *
 * <ul>
 *   <li>{@link Dataset#AD}: (ad, bucket) and, for a hot ad's salt s > 0, (ad, bucket, s): salted
 *       totals sort right after the unsalted key of the same bucket, so the scan sums adjacent
 *       keys.
 *   <li>{@link Dataset#ADVERTISER}: (advertiser, bucket).
 *   <li>{@link Dataset#ADVERTISER_AD}: (advertiser, bucket, ad): one bucket's per-ad totals are
 *       contiguous, so a range's per-ad table is one scan.
 * </ul>
 *
 * Values are 8-byte little-endian click counts: the encoding RocksDB's "uint64add" merge operator
 * adds, used for the advertiser sums (see {@link UpsertBatch}) and, for one decoder, everywhere.
 */
final class MetricsKeys {

  static final int PREFIX_LENGTH = Long.BYTES;

  private MetricsKeys() {}

  static byte[] key(long owner, long bucketStart) {
    return ByteBuffer.allocate(2 * Long.BYTES).putLong(owner).putLong(bucketStart).array();
  }

  static byte[] adKey(long adId, long bucketStart, int salt) {
    if (salt == 0) {
      return key(adId, bucketStart);
    }
    return ByteBuffer.allocate(2 * Long.BYTES + 1)
        .putLong(adId)
        .putLong(bucketStart)
        .put((byte) salt)
        .array();
  }

  static byte[] advertiserAdKey(long advertiserId, long bucketStart, long adId) {
    return ByteBuffer.allocate(3 * Long.BYTES)
        .putLong(advertiserId)
        .putLong(bucketStart)
        .putLong(adId)
        .array();
  }

  static long bucketStart(byte[] key) {
    return ByteBuffer.wrap(key).getLong(Long.BYTES);
  }

  /** The ad of an {@link Dataset#ADVERTISER_AD} key. */
  static long adOf(byte[] advertiserAdKey) {
    return ByteBuffer.wrap(advertiserAdKey).getLong(2 * Long.BYTES);
  }

  static byte[] encodeLong(long value) {
    return ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
  }

  static long decodeLong(byte[] value) {
    return value == null ? 0 : ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }
}
