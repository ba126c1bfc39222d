package io.adclick.store.rocksdb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Key and value layout. Every key starts with the 8-byte big-endian advertiser id, the prefix for
 * Bloom filters, and all fields are big-endian so RocksDB's bytewise order is numeric order for
 * non-negative ids and times.
 *
 * <ul>
 *   <li>{@link Dataset#AD}: (advertiser, ad, bucket) and, for a hot ad's salt s > 0, (advertiser,
 *       ad, bucket, s). One ad's series is one seek and a short scan; salted totals sort right
 *       after the unsalted key of the same bucket, so the scan sums adjacent keys. An advertiser's
 *       ads are contiguous, so its per-ad rows over a range are one skip-scan (see {@link
 *       AdRowScan}).
 *   <li>{@link Dataset#ADVERTISER}: (advertiser, bucket).
 *   <li>{@link Dataset#ADVERTISER_AD}: (advertiser, bucket, ad): one day's per-ad totals are
 *       contiguous, so a range of whole days is one scan for a top-ads table.
 * </ul>
 *
 * Values are 8-byte little-endian click counts: the encoding RocksDB's "uint64add" merge operator
 * adds, used for the advertiser sums (see {@link UpsertBatch}) and, for one decoder, everywhere.
 */
final class MetricsKeys {

  static final int PREFIX_LENGTH = Long.BYTES;

  private MetricsKeys() {}

  /** An {@link Dataset#ADVERTISER} key, or any dataset's (advertiser, x) seek position. */
  static byte[] key(long advertiserId, long second) {
    return ByteBuffer.allocate(2 * Long.BYTES).putLong(advertiserId).putLong(second).array();
  }

  static byte[] key(long advertiserId, long second, long third) {
    return ByteBuffer.allocate(3 * Long.BYTES)
        .putLong(advertiserId)
        .putLong(second)
        .putLong(third)
        .array();
  }

  static byte[] adKey(long advertiserId, long adId, long bucketStart, int salt) {
    if (salt == 0) {
      return key(advertiserId, adId, bucketStart);
    }
    return ByteBuffer.allocate(3 * Long.BYTES + 1)
        .putLong(advertiserId)
        .putLong(adId)
        .putLong(bucketStart)
        .put((byte) salt)
        .array();
  }

  /** The 8-byte field at {@code index} (0 = advertiser) of a key. */
  static long field(byte[] key, int index) {
    return ByteBuffer.wrap(key).getLong(index * Long.BYTES);
  }

  static byte[] encodeLong(long value) {
    return ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
  }

  static long decodeLong(byte[] value) {
    return value == null ? 0 : ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }
}
