package io.adclick.token;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One initialised {@link Mac} per thread per key id: creating and keying a Mac costs more than the
 * HMAC itself, and a Mac is not thread-safe.
 */
final class Macs {
  private final TokenKeyRing ring;
  private final ThreadLocal<Mac[]> perThread = ThreadLocal.withInitial(() -> new Mac[256]);

  Macs(TokenKeyRing ring) {
    this.ring = ring;
  }

  /** The keyed Mac for this key id, or null when the ring has no such key. */
  Mac forKey(int keyId) {
    Mac[] macs = perThread.get();
    Mac mac = macs[keyId];
    if (mac == null) {
      byte[] secret = ring.secret(keyId);
      if (secret == null) {
        return null;
      }
      try {
        mac = Mac.getInstance(TokenLayout.MAC_ALGORITHM);
        mac.init(new SecretKeySpec(secret, TokenLayout.MAC_ALGORITHM));
      } catch (NoSuchAlgorithmException | InvalidKeyException e) {
        throw new IllegalStateException("HmacSHA256 unavailable", e);
      }
      macs[keyId] = mac;
    }
    return mac;
  }
}
