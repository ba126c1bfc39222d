package io.adclick.token;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenKeyRingTest {
  @Test
  void refusesShortSecrets() {
    assertThatThrownBy(() -> TokenKeyRing.single(1, new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shorter than 32");
  }

  @Test
  void refusesSigningKeyOutsideTheRing() {
    assertThatThrownBy(() -> TokenKeyRing.of(Map.of(1, new byte[32]), 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
