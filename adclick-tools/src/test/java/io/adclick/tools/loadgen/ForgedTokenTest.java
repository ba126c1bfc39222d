package io.adclick.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ForgedTokenTest {
  private static final byte[] TOKEN = new byte[67];

  static {
    for (int i = 0; i < TOKEN.length; i++) {
      TOKEN[i] = (byte) (i * 7);
    }
  }

  @Test
  void flipsExactlyOneBitInTheSignature() {
    String path = "/c/" + Base64.getUrlEncoder().withoutPadding().encodeToString(TOKEN);
    SplittableRandom random = new SplittableRandom(3);
    for (int n = 0; n < 200; n++) {
      String forged = ForgedToken.forge(path, random);

      assertThat(forged).startsWith("/c/").doesNotContain("=");
      byte[] bytes = Base64.getUrlDecoder().decode(forged.substring(3));
      assertThat(bytes).hasSameSizeAs(TOKEN);
      int flippedBits = 0;
      for (int i = 0; i < TOKEN.length; i++) {
        int diff = Integer.bitCount((bytes[i] ^ TOKEN[i]) & 0xff);
        if (diff > 0) {
          assertThat(i).as("flipped byte lies in the 32-byte HMAC").isGreaterThanOrEqualTo(35);
        }
        flippedBits += diff;
      }
      assertThat(flippedBits).isEqualTo(1);
    }
  }
}
