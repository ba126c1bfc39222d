package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adclick.token.ImpressionId;
import io.adclick.token.ImpressionToken;
import io.adclick.token.TokenCheck;
import io.adclick.token.TokenCheck.Reason;
import io.adclick.token.TokenSigner;
import io.adclick.token.TokenVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
  private static final String ADMIN = "admin-token-0123456789";
  private static final String SECRET_1 = "first-secret-of-at-least-32-bytes-long";
  private static final String SECRET_2 = "second-secret-of-at-least-32-bytes-long";
  private static final long NOW = 1_800_000_000_000L;

  @TempDir Path dataDir;
  private final SecureRandom random = new SecureRandom();

  @Test
  void generatesOneSecretAsKeyOneAndKeepsItAcrossRestarts() throws Exception {
    Secrets first = load(Map.of());
    Secrets second = load(Map.of());

    assertThat(first.tokenKeys().ids()).containsExactly(1);
    assertThat(first.tokenKeys().signingKeyId()).isEqualTo(1);
    assertThat(Files.exists(dataDir.resolve("secrets/token-secret"))).isTrue();
    assertThat(verify(second, mint(first))).isInstanceOf(TokenCheck.Valid.class);
  }

  @Test
  void aSingleSecretFromTheEnvironmentIsKeyOne() throws Exception {
    Secrets secrets = load(Map.of(Secrets.TOKEN_SECRET_ENV, SECRET_1));

    assertThat(secrets.tokenKeys().ids()).containsExactly(1);
    assertThat(Files.exists(dataDir.resolve("secrets/token-secret"))).isFalse();
  }

  @Test
  void severalKeysSignWithTheHighestIdUnlessTold() throws Exception {
    String keys = " 2:" + SECRET_2 + " , 1:" + SECRET_1 + ",";

    Secrets byDefault = load(Map.of(TokenKeys.KEYS_ENV, keys));
    Secrets chosen = load(Map.of(TokenKeys.KEYS_ENV, keys, TokenKeys.SIGNING_KEY_ID_ENV, "1"));

    assertThat(byDefault.tokenKeys().ids()).containsExactly(1, 2);
    assertThat(byDefault.tokenKeys().signingKeyId()).isEqualTo(2);
    assertThat(chosen.tokenKeys().signingKeyId()).isEqualTo(1);
    assertThat(byDefault.tokenKeys().describe())
        .isEqualTo("signing click tokens with key 2, accepting keys 1, 2")
        .doesNotContain(SECRET_1, SECRET_2);
  }

  @Test
  void rotationKeepsOldLinksWorkingUntilTheirKeyIsRetired() throws Exception {
    Secrets before = load(Map.of(Secrets.TOKEN_SECRET_ENV, SECRET_1));
    Secrets during = load(Map.of(TokenKeys.KEYS_ENV, "1:" + SECRET_1 + ",2:" + SECRET_2));
    Secrets after = load(Map.of(TokenKeys.KEYS_ENV, "2:" + SECRET_2));
    String old = mint(before);
    String fresh = mint(during);

    assertThat(verify(during, old)).isInstanceOf(TokenCheck.Valid.class);
    assertThat(((TokenCheck.Valid) verify(during, fresh)).token().keyId()).isEqualTo(2);
    assertThat(verify(after, fresh)).isInstanceOf(TokenCheck.Valid.class);
    assertThat(verify(after, old)).isEqualTo(new TokenCheck.Rejected(Reason.UNKNOWN_KEY));
  }

  @Test
  void refusesAmbiguousOrBrokenKeyConfigurationWithoutShowingSecrets() {
    String shortSecret = "short-secret";
    Map<Map<String, String>, String> cases =
        Map.of(
            Map.of(Secrets.TOKEN_SECRET_ENV, SECRET_1, TokenKeys.KEYS_ENV, "2:" + SECRET_2),
                "both set",
            Map.of(TokenKeys.SIGNING_KEY_ID_ENV, "2"), "is set but ADCLICK_TOKEN_KEYS is not",
            Map.of(TokenKeys.KEYS_ENV, SECRET_1), "entry 1 is not <id>:<secret>",
            Map.of(TokenKeys.KEYS_ENV, "1:" + shortSecret), "key 1 is shorter than 32 bytes",
            Map.of(TokenKeys.KEYS_ENV, "1:" + SECRET_1 + ",1:" + SECRET_2), "listed twice",
            Map.of(TokenKeys.KEYS_ENV, "256:" + SECRET_1), "must be a whole number 0..255",
            Map.of(TokenKeys.KEYS_ENV, "x" + SECRET_1 + ":" + SECRET_2), "whole number 0..255",
            Map.of(TokenKeys.KEYS_ENV, " , "), "lists no key",
            Map.of(TokenKeys.KEYS_ENV, "1:" + SECRET_1, TokenKeys.SIGNING_KEY_ID_ENV, "2"),
                "is 2, which is not in ADCLICK_TOKEN_KEYS",
            Map.of(Secrets.TOKEN_SECRET_ENV, shortSecret), "at least 32 bytes");
    cases.forEach(
        (env, message) ->
            assertThatThrownBy(() -> load(env))
                .as(env.toString())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .satisfies(
                    e ->
                        assertThat(e.getMessage())
                            .doesNotContain(SECRET_1, SECRET_2, shortSecret)));
  }

  private Secrets load(Map<String, String> env) throws Exception {
    Map<String, String> withAdmin = new HashMap<>(env);
    withAdmin.put(Secrets.ADMIN_TOKEN_ENV, ADMIN);
    return Secrets.load(dataDir, withAdmin, random);
  }

  /** Mints a link as the impression minter does: with the ring's signing key. */
  private String mint(Secrets secrets) {
    TokenSigner signer = new TokenSigner(secrets.tokenKeys().ring());
    return signer.sign(
        new ImpressionToken(
            signer.signingKeyId(), 42L, ImpressionId.random(random), NOW, "user-1"));
  }

  private static TokenCheck verify(Secrets secrets, String token) {
    return new TokenVerifier(secrets.tokenKeys().ring(), Duration.ofHours(24), Duration.ZERO)
        .verify(token, NOW);
  }
}
