package io.adclick.token;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The HMAC secrets a click service accepts, by key id, and the one it signs new tokens with.
 * Several keys are active at once so a secret can be rotated without breaking links in flight.
 */
public final class TokenKeyRing {

  /** Shorter secrets make brute force cheaper than the 256-bit HMAC deserves. */
  public static final int MIN_SECRET_BYTES = 32;

  private final Map<Integer, byte[]> secrets;
  private final int signingKeyId;

  private TokenKeyRing(Map<Integer, byte[]> secrets, int signingKeyId) {
    this.secrets = secrets;
    this.signingKeyId = signingKeyId;
  }

  public static TokenKeyRing of(Map<Integer, byte[]> secrets, int signingKeyId) {
    Map<Integer, byte[]> copy = new HashMap<>();
    secrets.forEach(
        (id, secret) -> {
          if (id < 0 || id > 255) {
            throw new IllegalArgumentException("key id must be 0..255: " + id);
          }
          if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                "secret for key " + id + " is shorter than " + MIN_SECRET_BYTES + " bytes");
          }
          copy.put(id, Arrays.copyOf(secret, secret.length));
        });
    if (!copy.containsKey(signingKeyId)) {
      throw new IllegalArgumentException("signing key " + signingKeyId + " is not in the ring");
    }
    return new TokenKeyRing(Map.copyOf(copy), signingKeyId);
  }

  public static TokenKeyRing single(int keyId, byte[] secret) {
    return of(Map.of(keyId, secret), keyId);
  }

  public int signingKeyId() {
    return signingKeyId;
  }

  byte[] secret(int keyId) {
    return secrets.get(keyId);
  }
}
