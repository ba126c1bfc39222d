package io.adclick.tools.loadgen;

import static io.adclick.token.TokenVerifier.MAC_BYTES;

import java.util.Base64;
import java.util.random.RandomGenerator;

/**
 * Corrupts a click link the way an attacker guessing at signatures would: one bit of the HMAC at
 * the end of the token flipped. Everything before the signature still parses, so only the HMAC
 * check can reject it.
 */
final class ForgedToken {
  private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
  private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();

  private ForgedToken() {}

  /** {@code /c/<token>} with one signature bit of the token flipped. */
  static String forge(String clickPath, RandomGenerator random) {
    int slash = clickPath.lastIndexOf('/');
    byte[] token = DECODE.decode(clickPath.substring(slash + 1));
    if (token.length < MAC_BYTES) {
      throw new IllegalArgumentException("not a signed token: " + clickPath);
    }
    int at = token.length - 1 - random.nextInt(MAC_BYTES);
    token[at] ^= (byte) (1 << random.nextInt(8));
    return clickPath.substring(0, slash + 1) + ENCODE.encodeToString(token);
  }
}
