package io.adclick.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.adclick.tools.api.AdclickApi.MintedImpression;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClickMixTest {
  private static final List<Long> ADS = List.of(11L, 12L, 13L);
  private final AtomicLong minted = new AtomicLong();

  @Test
  void mixesForgedRepeatedAndFreshClicksInTheGivenShares() throws Exception {
    ClickMix mix = mix(supply(10_000), 0.2, 0.1);
    List<PlannedClick> clicks = take(mix, 10_000);

    assertThat(clicks.stream().filter(PlannedClick::forged).count() / 10_000.0)
        .isCloseTo(0.1, within(0.02));
    assertThat(clicks.stream().filter(PlannedClick::duplicate).count() / 10_000.0)
        .isCloseTo(0.2, within(0.02));
  }

  @Test
  void repeatsOnlyImpressionsAlreadyClickedValidly() throws Exception {
    ClickMix mix = mix(supply(10_000), 0.3, 0.3);
    Set<String> clickedValidly = new HashSet<>();
    Set<String> forged = new HashSet<>();
    for (PlannedClick click : take(mix, 5_000)) {
      if (click.duplicate()) {
        assertThat(clickedValidly).contains(click.impressionId());
      } else if (click.forged()) {
        assertThat(forged.add(click.impressionId())).isTrue();
      } else {
        assertThat(clickedValidly.add(click.impressionId())).as("fresh is new").isTrue();
      }
    }
    assertThat(forged).doesNotContainAnyElementsOf(clickedValidly);
  }

  @Test
  void aRepeatCarriesTheTargetItsImpressionWasLastSentTo() throws Exception {
    ClickMix mix = mix(supply(10_000), 0.5, 0.1);
    Map<String, Integer> lastTargets = new HashMap<>();
    int repeats = 0;
    for (int i = 0; i < 2_000; i++) {
      PlannedClick click = mix.next();
      if (click.duplicate()) {
        repeats++;
        assertThat(click.lastTarget()).isEqualTo(lastTargets.get(click.impressionId()));
      } else {
        assertThat(click.lastTarget()).isEqualTo(PlannedClick.NO_TARGET);
      }
      if (i % 7 != 0) { // every seventh click no target took: it keeps its previous last target
        int target = i % 3;
        mix.sentTo(target);
        lastTargets.put(click.impressionId(), target);
      } else {
        lastTargets.putIfAbsent(click.impressionId(), PlannedClick.NO_TARGET);
      }
    }
    assertThat(repeats).isGreaterThan(500);
  }

  @Test
  void forgedClickCarriesADifferentTokenOfTheSameImpression() throws Exception {
    ClickMix mix = mix(supply(100), 0, 1);

    PlannedClick click = mix.next();

    assertThat(click.forged()).isTrue();
    assertThat(click.path()).isNotEqualTo(pathOf(click.impressionId()));
  }

  @Test
  void repeatsWhenAnAdRunsOutOfFreshImpressions() throws Exception {
    ImpressionSupply supply = supply(0); // one impression per ad, never refilled
    ClickMix mix = mix(supply, 0, 0);

    List<PlannedClick> clicks = take(mix, 20);

    assertThat(clicks.stream().filter(c -> !c.duplicate()).count()).isEqualTo(ADS.size());
    assertThat(mix.starved()).isEqualTo(20 - ADS.size());
  }

  private ClickMix mix(ImpressionSupply supply, double duplicates, double forged) {
    return new ClickMix(
        new ZipfSampler(ADS.size(), 1), supply, ADS, duplicates, forged, new SplittableRandom(7));
  }

  private ImpressionSupply supply(double perSecond) throws Exception {
    ImpressionSupply supply =
        new ImpressionSupply(
            ADS,
            new double[] {perSecond, perSecond, perSecond},
            (adId, n) -> {
              List<MintedImpression> out = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                String id = "imp-" + minted.incrementAndGet();
                out.add(new MintedImpression(id, pathOf(id)));
              }
              return out;
            },
            new PrintWriter(new StringWriter()));
    supply.fill();
    return supply;
  }

  /** A token-shaped path: 35 header bytes and a 32-byte "signature", unique per impression. */
  private static String pathOf(String impressionId) {
    byte[] token = new byte[67];
    byte[] id = impressionId.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(id, 0, token, 0, id.length);
    return "/c/" + Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  private static List<PlannedClick> take(ClickMix mix, int n) {
    List<PlannedClick> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(mix.next());
    }
    return out;
  }
}
