package io.adclick.store.rocksdb;

import java.nio.ByteBuffer;

/**
 * Key and value layout. Keys are adId then bucketStart, both 8-byte big-endian, so RocksDB's
 * bytewise order is (adId, bucketStart) order for non-negative times and one ad's series is
 * contiguous: one seek plus a short scan. The 8-byte adId doubles as the prefix for prefix Bloom
 * filters. A hot ad's totals per salt s > 0 carry one more byte, s: they sort right after the
 * unsalted key of the same bucket, so the scan sums each bucket's adjacent keys.
 */
final class MetricsKeys {

  static final int PREFIX_LENGTH = Long.BYTES;

  private MetricsKeys() {}

  static byte[] key(long adId, long bucketStart) {
    return ByteBuffer.allocate(2 * Long.BYTES).putLong(adId).putLong(bucketStart).array();
  }

  static byte[] key(long adId, long bucketStart, int salt) {
    if (salt == 0) {
      return key(adId, bucketStart);
    }
    return ByteBuffer.allocate(2 * Long.BYTES + 1)
        .putLong(adId)
        .putLong(bucketStart)
        .put((byte) salt)
        .array();
  }

  static long bucketStart(byte[] key) {
    return ByteBuffer.wrap(key).getLong(Long.BYTES);
  }

  static byte[] encodeLong(long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  static long decodeLong(byte[] value) {
    return ByteBuffer.wrap(value).getLong();
  }
}
