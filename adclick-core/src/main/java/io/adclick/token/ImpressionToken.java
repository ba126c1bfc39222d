package io.adclick.token;

import java.util.Objects;

/**
 * What a signed click link carries: which ad was shown, which impression this is, when it was
 * issued, optionally an opaque user key, and which secret signed it.
 *
 * @param userKey opaque user key, at most {@link #MAX_USER_KEY_BYTES} UTF-8 bytes, or null
 */
public record ImpressionToken(
    int keyId, long adId, ImpressionId impressionId, long issuedAtMillis, String userKey) {

  public static final int MAX_USER_KEY_BYTES = 64;

  public ImpressionToken {
    if (keyId < 0 || keyId > 255) {
      throw new IllegalArgumentException("keyId must be 0..255");
    }
    Objects.requireNonNull(impressionId, "impressionId");
    if (userKey != null
        && userKey.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_USER_KEY_BYTES) {
      throw new IllegalArgumentException("userKey longer than " + MAX_USER_KEY_BYTES + " bytes");
    }
  }
}
