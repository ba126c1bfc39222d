package io.adclick.click;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.click.ClickTestServer.RawResponse;
import io.adclick.event.ClickEvent;
import io.adclick.event.ClickKind;
import io.adclick.token.ImpressionId;
import io.adclick.token.ImpressionToken;
import io.adclick.token.TokenKeyRing;
import io.adclick.token.TokenSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotating the token secret as the README describes, one restart per step: links minted under the
 * old key keep redirecting and counting while both keys are configured, new links carry the new
 * key's id, and once the old key is retired its links are refused.
 */
class KeyRotationTest {
  private static final byte[] OLD =
      "old-secret-of-at-least-32-bytes-long".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NEW =
      "new-secret-of-at-least-32-bytes-long".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private final SecureRandom random = new SecureRandom();

  @Test
  void oldLinksWorkUntilTheirKeyIsRetired() throws Exception {
    TokenKeyRing before = TokenKeyRing.single(1, OLD);
    TokenKeyRing during = TokenKeyRing.of(Map.of(1, OLD, 2, NEW), 2);
    TokenKeyRing after = TokenKeyRing.single(2, NEW);
    long adId;
    String oldLink;
    try (ClickTestServer server = ClickTestServer.start(dir, before)) {
      adId = server.createAd("https://a.example/landing").id();
      oldLink = mint(before, adId);
      assertThat(click(server, oldLink).status()).isEqualTo(302);
    }

    String newLink = mint(during, adId);
    try (ClickTestServer server = ClickTestServer.start(dir, during)) {
      assertThat(click(server, oldLink).status()).isEqualTo(302);
      assertThat(click(server, newLink).status()).isEqualTo(302);
      assertThat(server.log.appended)
          .extracting(ClickEvent::kind)
          .containsExactly(ClickKind.CANDIDATE, ClickKind.CANDIDATE);
    }
    assertThat(Base64.getUrlDecoder().decode(newLink)[1]).as("key id").isEqualTo((byte) 2);

    try (ClickTestServer server = ClickTestServer.start(dir, after)) {
      RawResponse retired = click(server, oldLink);
      assertThat(retired.status()).isEqualTo(400);
      assertThat(retired.body()).contains("signed with an unknown key");
      assertThat(retired.header("Location")).isNull();
      assertThat(click(server, newLink).status()).isEqualTo(302);
      assertThat(server.log.appended).hasSize(1);
    }
  }

  /** As the impression minter does: with the ring's signing key. */
  private String mint(TokenKeyRing ring, long adId) {
    TokenSigner signer = new TokenSigner(ring);
    return signer.sign(
        new ImpressionToken(
            signer.signingKeyId(),
            adId,
            ImpressionId.random(random),
            ClickTestServer.NOW.toEpochMilli(),
            null));
  }

  private static RawResponse click(ClickTestServer server, String token) throws Exception {
    return server.raw("GET", "/c/" + token, "Host: t\r\n");
  }
}
