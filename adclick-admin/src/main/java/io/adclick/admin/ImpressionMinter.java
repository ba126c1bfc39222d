package io.adclick.admin;

import io.adclick.token.ImpressionId;
import io.adclick.token.ImpressionToken;
import io.adclick.token.TokenSigner;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Mints signed click links for impressions of an ad. */
public final class ImpressionMinter {

  /** A minted impression and the link that counts its click. */
  public record Minted(String impressionId, String clickUrl) {}

  private final TokenSigner signer;
  private final Clock clock;
  private final SecureRandom random;
  private final String clickBase;

  /**
   * @param publicBaseUrl base URL users reach the click service at, e.g. {@code
   *     https://clk.example.com}
   */
  public ImpressionMinter(
      TokenSigner signer, Clock clock, SecureRandom random, String publicBaseUrl) {
    this.signer = signer;
    this.clock = clock;
    this.random = random;
    this.clickBase = stripTrailingSlash(publicBaseUrl) + "/c/";
  }

  public List<Minted> mint(long adId, int count, String userKey) {
    long now = clock.millis();
    List<Minted> minted = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ImpressionId id = ImpressionId.random(random);
      String token =
          signer.sign(new ImpressionToken(signer.signingKeyId(), adId, id, now, userKey));
      minted.add(new Minted(id.toString(), clickBase + token));
    }
    return minted;
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
