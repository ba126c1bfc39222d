package io.adclick.token;

import io.adclick.token.TokenCheck.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;

/**
 * Verifies click tokens: format, key, constant-time HMAC check, then lifetime. Thread-safe and
 * allocation-light: one decode buffer and one MAC output per call.
 */
public final class TokenVerifier {

  /** Longest possible token (largest user key) in base64 characters. */
  public static final int MAX_TOKEN_CHARS = (TokenLayout.MAX_BYTES * 4 + 2) / 3;

  /** Length of the HMAC-SHA256 that ends every decoded token, in bytes. */
  public static final int MAC_BYTES = TokenLayout.MAC_BYTES;

  /**
   * Token issue times from ad servers whose clocks run this far ahead are still accepted, so a
   * click may carry a click time up to this much before its token's issue time.
   */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private static final Base64.Decoder BASE64 = Base64.getUrlDecoder();

  private final Macs macs;
  private final long lifetimeMillis;
  private final long clockSkewMillis;

  /**
   * @param lifetime how long after issue a click still counts (also bounds dedup state)
   * @param clockSkew how far in the future an issue time may be, for ad servers whose clocks run
   *     ahead of ours
   */
  public TokenVerifier(TokenKeyRing ring, Duration lifetime, Duration clockSkew) {
    this.macs = new Macs(ring);
    this.lifetimeMillis = lifetime.toMillis();
    this.clockSkewMillis = clockSkew.toMillis();
  }

  public TokenCheck verify(String token, long nowMillis) {
    if (token == null || token.isEmpty()) {
      return new TokenCheck.Rejected(Reason.EMPTY);
    }
    if (token.length() > MAX_TOKEN_CHARS) {
      return new TokenCheck.Rejected(Reason.TOO_LONG);
    }
    byte[] b = decode(token);
    if (b == null) {
      return new TokenCheck.Rejected(Reason.BAD_ENCODING);
    }
    if (b.length < 1 || b[0] != TokenLayout.VERSION) {
      return new TokenCheck.Rejected(Reason.UNSUPPORTED_VERSION);
    }
    if (b.length < TokenLayout.MIN_BYTES
        || b.length != TokenLayout.MIN_BYTES + (b[34] & 0xff)
        || (b[34] & 0xff) > ImpressionToken.MAX_USER_KEY_BYTES) {
      return new TokenCheck.Rejected(Reason.BAD_LENGTH);
    }
    int keyId = b[1] & 0xff;
    Mac mac = macs.forKey(keyId);
    if (mac == null) {
      return new TokenCheck.Rejected(Reason.UNKNOWN_KEY);
    }
    int macAt = b.length - TokenLayout.MAC_BYTES;
    mac.update(b, 0, macAt);
    byte[] expected = mac.doFinal();
    byte[] given = java.util.Arrays.copyOfRange(b, macAt, b.length);
    if (!MessageDigest.isEqual(expected, given)) {
      return new TokenCheck.Rejected(Reason.BAD_SIGNATURE);
    }
    ImpressionToken parsed = parse(b, keyId);
    if (parsed.issuedAtMillis() > nowMillis + clockSkewMillis) {
      return new TokenCheck.Rejected(Reason.ISSUED_IN_FUTURE);
    }
    if (nowMillis >= parsed.issuedAtMillis() + lifetimeMillis) {
      return new TokenCheck.Expired(parsed);
    }
    return new TokenCheck.Valid(parsed);
  }

  private static byte[] decode(String token) {
    // Padding and a length that no byte count encodes to are not canonical: refuse them so
    // one token has exactly one spelling.
    if (token.indexOf('=') >= 0 || token.length() % 4 == 1 || !zeroTrailingBits(token)) {
      return null;
    }
    try {
      return BASE64.decode(token);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The decoder ignores the bits of the last character that complete no byte, so without this check
   * one token would have up to 16 spellings.
   */
  private static boolean zeroTrailingBits(String token) {
    int tail = token.length() % 4;
    if (tail == 0) {
      return true;
    }
    int unusedBits = tail == 2 ? 0x0f : 0x03;
    int value = base64Value(token.charAt(token.length() - 1));
    return value >= 0 && (value & unusedBits) == 0;
  }

  private static int base64Value(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '-' ? 62 : c == '_' ? 63 : -1;
  }

  private static ImpressionToken parse(byte[] b, int keyId) {
    int userLen = b[34] & 0xff;
    String user =
        userLen == 0
            ? null
            : new String(b, TokenLayout.HEADER_BYTES, userLen, StandardCharsets.UTF_8);
    return new ImpressionToken(
        keyId,
        TokenLayout.getLong(b, 2),
        new ImpressionId(TokenLayout.getLong(b, 10), TokenLayout.getLong(b, 18)),
        TokenLayout.getLong(b, 26),
        user);
  }
}
