package io.adclick.token;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

/** Mints signed impression tokens with the key ring's signing key. Thread-safe. */
public final class TokenSigner {
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
  private final TokenKeyRing ring;
  private final Macs macs;

  public TokenSigner(TokenKeyRing ring) {
    this.ring = ring;
    this.macs = new Macs(ring);
  }

  public int signingKeyId() {
    return ring.signingKeyId();
  }

  /** Encodes and signs the token; its key id must be in the ring. */
  public String sign(ImpressionToken token) {
    byte[] user =
        token.userKey() == null ? new byte[0] : token.userKey().getBytes(StandardCharsets.UTF_8);
    int macAt = TokenLayout.HEADER_BYTES + user.length;
    byte[] b = new byte[macAt + TokenLayout.MAC_BYTES];
    b[0] = TokenLayout.VERSION;
    b[1] = (byte) token.keyId();
    TokenLayout.putLong(b, 2, token.adId());
    TokenLayout.putLong(b, 10, token.impressionId().hi());
    TokenLayout.putLong(b, 18, token.impressionId().lo());
    TokenLayout.putLong(b, 26, token.issuedAtMillis());
    b[34] = (byte) user.length;
    System.arraycopy(user, 0, b, TokenLayout.HEADER_BYTES, user.length);
    Mac mac = macs.forKey(token.keyId());
    if (mac == null) {
      throw new IllegalArgumentException("key " + token.keyId() + " is not in the ring");
    }
    mac.update(b, 0, macAt);
    try {
      mac.doFinal(b, macAt);
    } catch (ShortBufferException e) {
      throw new IllegalStateException(e);
    }
    return BASE64.encodeToString(b);
  }
}
