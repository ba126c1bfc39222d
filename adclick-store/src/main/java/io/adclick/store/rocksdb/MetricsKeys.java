package io.adclick.store.rocksdb;

import io.adclick.users.UserSketch;
import java.nio.ByteBuffer;

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
 *   <li>{@link Dataset#ADVERTISER_AD}: (advertiser, day, ad[, salt]): one day's per-ad totals are
 *       contiguous, so a range of whole days is one scan for a top-ads table.
 * </ul>
 *
 * Values are 8-byte big-endian running totals, so RocksDB's built-in "max" merge operator, which
 * keeps the bytewise largest value, keeps the numerically largest: see {@link UpsertBatch}. Hour
 * and day totals of {@link Dataset#AD} and {@link Dataset#ADVERTISER} are followed by the image of
 * their distinct users' sketch, if any: the total comes first, so the largest total wins with the
 * sketch written beside it, which holds the users of exactly those clicks.
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

  /** Three fields and, for a hot ad's salt s > 0, one more byte s. */
  static byte[] salted(long advertiserId, long second, long third, int salt) {
    if (salt == 0) {
      return key(advertiserId, second, third);
    }
    return ByteBuffer.allocate(3 * Long.BYTES + 1)
        .putLong(advertiserId)
        .putLong(second)
        .putLong(third)
        .put((byte) salt)
        .array();
  }

  /** The 8-byte field at {@code index} (0 = advertiser) of a key. */
  static long field(byte[] key, int index) {
    return ByteBuffer.wrap(key).getLong(index * Long.BYTES);
  }

  static byte[] encodeLong(long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  /** A total and its users' sketch image (nothing for no users). */
  static byte[] encodeValue(long clicks, UserSketch users) {
    if (users.isEmpty()) {
      return encodeLong(clicks);
    }
    return ByteBuffer.allocate(Long.BYTES + users.sizeInBytes())
        .putLong(clicks)
        .put(users.toBytes())
        .array();
  }

  /** The total at the start of a value. */
  static long decodeLong(byte[] value) {
    return value == null ? 0 : ByteBuffer.wrap(value).getLong();
  }

  /** The users' sketch after a value's total. */
  static UserSketch decodeUsers(byte[] value) {
    return UserSketch.fromBytes(value, Long.BYTES);
  }
}
