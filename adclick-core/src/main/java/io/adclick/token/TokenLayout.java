package io.adclick.token;

/**
 * Byte layout of a version-1 token, before URL-safe base64 (no padding):
 *
 * <pre>
 * [0]      version (1)
 * [1]      key id (0..255)
 * [2..9]   ad id, big-endian
 * [10..25] impression id (128 bits)
 * [26..33] issue time, epoch millis, big-endian
 * [34]     user key length n (0..64)
 * [35..]   user key, n bytes UTF-8
 * [35+n..] HMAC-SHA256 over every byte before it (32)
 * </pre>
 */
final class TokenLayout {
  static final byte VERSION = 1;
  static final int HEADER_BYTES = 35;
  static final int MAC_BYTES = 32;
  static final int MIN_BYTES = HEADER_BYTES + MAC_BYTES;
  static final int MAX_BYTES = MIN_BYTES + ImpressionToken.MAX_USER_KEY_BYTES;
  static final String MAC_ALGORITHM = "HmacSHA256";

  private TokenLayout() {}

  static void putLong(byte[] b, int at, long v) {
    for (int i = 7; i >= 0; i--) {
      b[at + i] = (byte) v;
      v >>>= 8;
    }
  }

  static long getLong(byte[] b, int at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[at + i] & 0xff);
    }
    return v;
  }
}
