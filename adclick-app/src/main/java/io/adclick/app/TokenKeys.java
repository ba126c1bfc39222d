package io.adclick.app;

import io.adclick.token.TokenKeyRing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The click-token keys a server accepts, by id, and the one it signs new tokens with. Read from
 * {@code ADCLICK_TOKEN_KEYS} ({@code id:secret,id:secret,...}) and {@code
 * ADCLICK_TOKEN_SIGNING_KEY_ID} (default: the highest id), or made of the single secret of {@code
 * ADCLICK_TOKEN_SECRET} or the generated file as key {@value #SINGLE_KEY_ID}. Error messages name
 * entries and ids, never secrets.
 *
 * @param ids every accepted key id, ascending
 */
record TokenKeys(TokenKeyRing ring, List<Integer> ids) {

  static final String KEYS_ENV = "ADCLICK_TOKEN_KEYS";
  static final String SIGNING_KEY_ID_ENV = "ADCLICK_TOKEN_SIGNING_KEY_ID";

  /** The id of a lone secret, so that it can later be listed as {@code 1:<secret>}. */
  static final int SINGLE_KEY_ID = 1;

  TokenKeys {
    ids = List.copyOf(ids);
  }

  static TokenKeys single(byte[] secret, String source) {
    if (secret.length < TokenKeyRing.MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          source + " must be at least " + TokenKeyRing.MIN_SECRET_BYTES + " bytes long");
    }
    return new TokenKeys(TokenKeyRing.single(SINGLE_KEY_ID, secret), List.of(SINGLE_KEY_ID));
  }

  /**
   * @param keys the value of {@value #KEYS_ENV}
   * @param signingKeyId the value of {@value #SIGNING_KEY_ID_ENV}, or null or blank for the highest
   *     id
   */
  static TokenKeys parse(String keys, String signingKeyId) {
    Map<Integer, byte[]> secrets = new TreeMap<>();
    String[] entries = keys.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      if (entry.isEmpty()) {
        continue;
      }
      int colon = entry.indexOf(':');
      if (colon < 0) {
        throw invalid("entry " + (i + 1) + " is not <id>:<secret>");
      }
      int id = keyId(entry.substring(0, colon), "entry " + (i + 1));
      byte[] secret = entry.substring(colon + 1).strip().getBytes(StandardCharsets.UTF_8);
      if (secret.length < TokenKeyRing.MIN_SECRET_BYTES) {
        throw invalid(
            "the secret of key "
                + id
                + " is shorter than "
                + TokenKeyRing.MIN_SECRET_BYTES
                + " bytes");
      }
      if (secrets.put(id, secret) != null) {
        throw invalid("key id " + id + " is listed twice");
      }
    }
    if (secrets.isEmpty()) {
      throw invalid("lists no key");
    }
    List<Integer> ids = new ArrayList<>(secrets.keySet());
    int signing = signingKeyId(signingKeyId, ids);
    return new TokenKeys(TokenKeyRing.of(secrets, signing), ids);
  }

  int signingKeyId() {
    return ring.signingKeyId();
  }

  /** For the start-up line: ids only, never secrets. */
  String describe() {
    String accepted = ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    return "signing click tokens with key " + signingKeyId() + ", accepting keys " + accepted;
  }

  private static int signingKeyId(String value, List<Integer> ids) {
    if (value == null || value.isBlank()) {
      return Collections.max(ids);
    }
    int id;
    try {
      id = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(SIGNING_KEY_ID_ENV + " must be a key id 0..255");
    }
    if (!ids.contains(id)) {
      throw new IllegalArgumentException(
          SIGNING_KEY_ID_ENV
              + " is "
              + id
              + ", which is not in "
              + KEYS_ENV
              + " (ids "
              + ids
              + ")");
    }
    return id;
  }

  /** The id text is not echoed: it may be the start of a secret whose id was forgotten. */
  private static int keyId(String text, String where) {
    try {
      int id = Integer.parseInt(text.strip());
      if (id >= 0 && id <= 255) {
        return id;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(where + ": the key id must be a whole number 0..255");
  }

  private static IllegalArgumentException invalid(String why) {
    return new IllegalArgumentException(KEYS_ENV + ": " + why + " (expected id:secret,id:secret)");
  }
}
