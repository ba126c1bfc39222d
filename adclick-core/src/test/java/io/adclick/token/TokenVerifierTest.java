package io.adclick.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.token.TokenCheck.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
  private static final byte[] SECRET_A =
      "a-secret-of-at-least-thirty-two-bytes!!".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SECRET_B =
      "another-secret-of-thirty-two-bytes-or-more".getBytes(StandardCharsets.UTF_8);
  private static final Duration LIFETIME = Duration.ofHours(24);
  private static final Duration SKEW = Duration.ofMinutes(5);
  private static final long NOW = 1_800_000_000_000L;
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  private static final ImpressionToken TOKEN =
      new ImpressionToken(1, 42L, new ImpressionId(0x0123456789abcdefL, -2L), NOW - 1000, "user-7");

  private final TokenKeyRing ring = TokenKeyRing.single(1, SECRET_A);
  private final TokenSigner signer = new TokenSigner(ring);
  private final TokenVerifier verifier = new TokenVerifier(ring, LIFETIME, SKEW);

  @Test
  void acceptsWhatItSigned() {
    TokenCheck check = verifier.verify(signer.sign(TOKEN), NOW);

    assertThat(check).isEqualTo(new TokenCheck.Valid(TOKEN));
  }

  @Test
  void roundTripsATokenWithoutUserKey() {
    ImpressionToken anonymous =
        new ImpressionToken(1, Long.MAX_VALUE, new ImpressionId(1, 2), NOW, null);

    assertThat(verifier.verify(signer.sign(anonymous), NOW))
        .isEqualTo(new TokenCheck.Valid(anonymous));
  }

  @Test
  void rejectsFlippedBitInEveryByte() {
    byte[] raw = Base64.getUrlDecoder().decode(signer.sign(TOKEN));
    for (int i = 0; i < raw.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] tampered = raw.clone();
        tampered[i] ^= (byte) (1 << bit);
        TokenCheck check = verifier.verify(encode(tampered), NOW);
        assertThat(check).as("byte %d bit %d", i, bit).isInstanceOf(TokenCheck.Rejected.class);
      }
    }
  }

  @Test
  void rejectsEveryTruncation() {
    String token = signer.sign(TOKEN);
    for (int len = 0; len < token.length(); len++) {
      assertThat(verifier.verify(token.substring(0, len), NOW))
          .as("first %d chars", len)
          .isInstanceOf(TokenCheck.Rejected.class);
    }
  }

  @Test
  void rejectsExtraBytes() {
    byte[] raw = Base64.getUrlDecoder().decode(signer.sign(TOKEN));
    byte[] longer = Arrays.copyOf(raw, raw.length + 1);

    assertThat(verifier.verify(encode(longer), NOW))
        .isEqualTo(new TokenCheck.Rejected(Reason.BAD_LENGTH));
  }

  @Test
  void rejectsSignatureFromAnotherSecret() {
    String forged = new TokenSigner(TokenKeyRing.single(1, SECRET_B)).sign(TOKEN);

    assertThat(verifier.verify(forged, NOW))
        .isEqualTo(new TokenCheck.Rejected(Reason.BAD_SIGNATURE));
  }

  @Test
  void rejectsUnknownKeyId() {
    ImpressionToken otherKey = new ImpressionToken(9, 42L, TOKEN.impressionId(), NOW, null);
    String token = new TokenSigner(TokenKeyRing.single(9, SECRET_A)).sign(otherKey);

    assertThat(verifier.verify(token, NOW)).isEqualTo(new TokenCheck.Rejected(Reason.UNKNOWN_KEY));
  }

  @Test
  void rejectsEmptyTooLongAndWrongAlphabet() {
    String token = signer.sign(TOKEN);

    assertThat(verifier.verify("", NOW)).isEqualTo(new TokenCheck.Rejected(Reason.EMPTY));
    assertThat(verifier.verify(null, NOW)).isEqualTo(new TokenCheck.Rejected(Reason.EMPTY));
    assertThat(verifier.verify("A".repeat(TokenVerifier.MAX_TOKEN_CHARS + 1), NOW))
        .isEqualTo(new TokenCheck.Rejected(Reason.TOO_LONG));
    assertThat(verifier.verify(token.replace(token.charAt(5), '+'), NOW))
        .isEqualTo(new TokenCheck.Rejected(Reason.BAD_ENCODING));
    assertThat(verifier.verify(token.substring(0, token.length() - 2) + "==", NOW))
        .isEqualTo(new TokenCheck.Rejected(Reason.BAD_ENCODING));
  }

  @Test
  void rejectsWrongVersion() {
    byte[] raw = Base64.getUrlDecoder().decode(signer.sign(TOKEN));
    raw[0] = 2;

    assertThat(verifier.verify(encode(raw), NOW))
        .isEqualTo(new TokenCheck.Rejected(Reason.UNSUPPORTED_VERSION));
  }

  @Test
  void expiresAtTheEndOfItsLifetime() {
    String token = signer.sign(TOKEN);
    long expiry = TOKEN.issuedAtMillis() + LIFETIME.toMillis();

    assertThat(verifier.verify(token, expiry - 1)).isInstanceOf(TokenCheck.Valid.class);
    assertThat(verifier.verify(token, expiry)).isEqualTo(new TokenCheck.Expired(TOKEN));
  }

  @Test
  void toleratesClockSkewButNotMore() {
    String token = signer.sign(TOKEN);
    long issued = TOKEN.issuedAtMillis();

    assertThat(verifier.verify(token, issued - SKEW.toMillis()))
        .isInstanceOf(TokenCheck.Valid.class);
    assertThat(verifier.verify(token, issued - SKEW.toMillis() - 1))
        .isEqualTo(new TokenCheck.Rejected(Reason.ISSUED_IN_FUTURE));
  }

  @Test
  void acceptsBothKeysDuringRotation() {
    TokenKeyRing oldRing = TokenKeyRing.single(1, SECRET_A);
    TokenKeyRing rotated = TokenKeyRing.of(Map.of(1, SECRET_A, 2, SECRET_B), 2);
    ImpressionToken underNewKey = new ImpressionToken(2, 42L, TOKEN.impressionId(), NOW, null);
    TokenVerifier rotatedVerifier = new TokenVerifier(rotated, LIFETIME, SKEW);

    String inFlight = new TokenSigner(oldRing).sign(TOKEN);
    String fresh = new TokenSigner(rotated).sign(underNewKey);

    assertThat(rotatedVerifier.verify(inFlight, NOW)).isEqualTo(new TokenCheck.Valid(TOKEN));
    assertThat(rotatedVerifier.verify(fresh, NOW)).isEqualTo(new TokenCheck.Valid(underNewKey));
    assertThat(verifier.verify(fresh, NOW)).isEqualTo(new TokenCheck.Rejected(Reason.UNKNOWN_KEY));
  }

  @Test
  void rejectsEverySpellingButTheCanonicalOne() {
    String token = signer.sign(TOKEN);
    assertThat(token.length() % 4).as("the last character carries unused bits").isNotZero();
    String head = token.substring(0, token.length() - 1);
    int accepted = 0;
    for (char c : ALPHABET.toCharArray()) {
      if (verifier.verify(head + c, NOW) instanceof TokenCheck.Valid) {
        accepted++;
      }
    }

    assertThat(accepted).isEqualTo(1);
  }

  @Test
  void rotationKeepsOldTokensUntilTheirKeyIsRetired() {
    TokenKeyRing before = TokenKeyRing.single(1, SECRET_A);
    TokenKeyRing during = TokenKeyRing.of(Map.of(1, SECRET_A, 2, SECRET_B), 2);
    TokenKeyRing after = TokenKeyRing.single(2, SECRET_B);
    String old = new TokenSigner(before).sign(TOKEN);
    TokenSigner rotatedSigner = new TokenSigner(during);
    ImpressionToken fresh =
        new ImpressionToken(rotatedSigner.signingKeyId(), 42L, TOKEN.impressionId(), NOW, null);
    String freshToken = rotatedSigner.sign(fresh);

    assertThat(rotatedSigner.signingKeyId()).isEqualTo(2);
    assertThat(Base64.getUrlDecoder().decode(freshToken)[1]).as("key id byte").isEqualTo((byte) 2);
    assertThat(new TokenVerifier(during, LIFETIME, SKEW).verify(old, NOW))
        .isEqualTo(new TokenCheck.Valid(TOKEN));
    TokenVerifier retired = new TokenVerifier(after, LIFETIME, SKEW);
    assertThat(retired.verify(old, NOW)).isEqualTo(new TokenCheck.Rejected(Reason.UNKNOWN_KEY));
    assertThat(retired.verify(freshToken, NOW)).isEqualTo(new TokenCheck.Valid(fresh));
  }

  @Test
  void verifiesConcurrentlyFromManyThreads() throws Exception {
    String token = signer.sign(TOKEN);
    Thread[] threads = new Thread[4];
    boolean[] allValid = {true};
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 2000; i++) {
                  if (!(verifier.verify(token, NOW) instanceof TokenCheck.Valid)) {
                    allValid[0] = false;
                  }
                }
              });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(allValid[0]).isTrue();
  }

  private static String encode(byte[] raw) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }
}
