package io.adclick.registry;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Advertiser API keys: generation and the hash that is stored instead of the key. */
public final class ApiKeys {

  private static final String PREFIX = "ak_";
  private static final int KEY_BYTES = 32;

  private ApiKeys() {}

  /** A new key: {@code ak_} and 32 random bytes as URL-safe base64 without padding. */
  public static String newKey(SecureRandom random) {
    byte[] bytes = new byte[KEY_BYTES];
    random.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Lower-case hex SHA-256 of the key's UTF-8 bytes.
   *
   * <p>An unsalted fast hash is enough here, unlike for passwords: keys carry 256 random bits, so
   * there is no dictionary to try and brute force is hopeless even at GPU speed. And the hash is
   * computed on every authenticated request and used as a lookup key, which a salted slow hash
   * would rule out.
   */
  public static String hash(String apiKey) {
    return HexFormat.of().formatHex(sha256().digest(apiKey.getBytes(UTF_8)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
