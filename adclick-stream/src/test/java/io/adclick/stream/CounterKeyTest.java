package io.adclick.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.event.ClickEvent;
import org.junit.jupiter.api.Test;

class CounterKeyTest {
  private static ClickEvent click(long ad, int salt) {
    return Clicks.salted(Clicks.click(ad, 1, 1_000), salt);
  }

  @Test
  void anUnsaltedAdKeepsItsIdAsKeySoOlderCheckpointsStillRestore() {
    assertThat(CounterKey.of(click(42, 0))).isEqualTo(42);
    assertThat(CounterKey.adId(42)).isEqualTo(42);
    assertThat(CounterKey.salt(42)).isZero();
  }

  @Test
  void eachSaltOfAnAdIsItsOwnKeyAndDecodesBack() {
    for (int salt = 1; salt < ClickEvent.MAX_SALTS; salt++) {
      long key = CounterKey.of(click(42, salt));
      assertThat(key).isNotEqualTo(42).isPositive();
      assertThat(CounterKey.adId(key)).isEqualTo(42);
      assertThat(CounterKey.salt(key)).isEqualTo(salt);
    }
  }

  @Test
  void anAdIdTooLargeForASaltIsCountedUnsalted() {
    long big = 1L << 60;
    assertThat(CounterKey.of(click(big, 5))).isEqualTo(big);
    assertThat(CounterKey.adId(big)).isEqualTo(big);
  }
}
