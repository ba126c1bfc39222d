package io.adclick.click;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.token.ImpressionId;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HotAdsTest {
  private static final long T0 = 1_700_000_000_000L;

  private final AtomicLong now = new AtomicLong(T0);
  private final HotAds hotAds =
      new HotAds(new HotAds.Settings(100, 8, Duration.ofSeconds(60)), now::get);
  private final Random random = new Random(7);

  private ImpressionId impression() {
    return new ImpressionId(random.nextLong(), random.nextLong());
  }

  @Test
  void anAdBelowTheThresholdIsNeverSalted() {
    for (int second = 0; second < 5; second++) {
      now.set(T0 + second * 1000L);
      for (int i = 0; i < 99; i++) {
        assertThat(hotAds.saltFor(1, impression())).isZero();
      }
    }
    assertThat(hotAds.hotCount()).isZero();
  }

  @Test
  void aHotAdIsSpreadEvenlyOverAllSaltsAndOtherAdsAreNot() {
    for (int i = 0; i < 99; i++) {
      hotAds.saltFor(1, impression());
    }
    Map<Integer, Integer> perSalt = new HashMap<>();
    for (int i = 0; i < 8_000; i++) {
      perSalt.merge(hotAds.saltFor(1, impression()), 1, Integer::sum);
      if (i % 100 == 0) {
        assertThat(hotAds.saltFor(2, impression())).as("a quiet ad").isZero();
      }
    }
    assertThat(perSalt).hasSize(8);
    // 1,000 expected per salt; a fair split stays well within 15 %.
    assertThat(perSalt.values()).allSatisfy(n -> assertThat(n).isBetween(850, 1150));
    assertThat(hotAds.hotCount()).isEqualTo(1);
  }

  @Test
  void anImpressionKeepsItsSaltSoRepeatsShareAPartition() {
    for (int i = 0; i < 100; i++) {
      hotAds.saltFor(1, impression());
    }
    ImpressionId repeated = impression();
    int salt = hotAds.saltFor(1, repeated);
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      seen.add(hotAds.saltFor(1, repeated));
    }
    assertThat(seen).containsExactly(salt);
  }

  @Test
  void aHotAdCoolsDownAfterItStopsPassingTheThreshold() {
    for (int i = 0; i < 100; i++) {
      hotAds.saltFor(1, impression());
    }
    now.set(T0 + Duration.ofSeconds(59).toMillis());
    assertThat(hotAds.hotCount()).isEqualTo(1);
    now.set(T0 + Duration.ofSeconds(60).toMillis());
    assertThat(hotAds.saltFor(1, impression())).isZero();
    assertThat(hotAds.hotCount()).isZero();
  }

  @Test
  void thresholdZeroTurnsSaltingOff() {
    HotAds off = new HotAds(new HotAds.Settings(0, 8, Duration.ofSeconds(60)), now::get);
    for (int i = 0; i < 10_000; i++) {
      assertThat(off.saltFor(1, impression())).isZero();
    }
  }
}
