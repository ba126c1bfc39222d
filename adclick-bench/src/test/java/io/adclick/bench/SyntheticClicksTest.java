package io.adclick.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.event.ClickEvent;
import io.adclick.token.ImpressionId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyntheticClicksTest {
  private static final long END = 1_800_000_000_000L;

  @Test
  void expectedCountsAreTheFirstClickOfEachImpressionPerAd() {
    SyntheticClicks clicks =
        new SyntheticClicks(new ClickPlan(50_000, 300, 0.2, Duration.ofMinutes(60), 0, 7), END);
    List<ClickEvent> all = drain(clicks);

    Map<ImpressionId, Long> adOfImpression = new HashMap<>();
    Map<Long, Long> firstClicksPerAd = new HashMap<>();
    for (ClickEvent click : all) {
      Long ad = adOfImpression.putIfAbsent(click.impressionId(), click.adId());
      if (ad == null) {
        firstClicksPerAd.merge(click.adId(), 1L, Long::sum);
      } else {
        assertThat(ad).as("a repeat stays with its impression's ad").isEqualTo(click.adId());
      }
    }
    ExpectedCounts expected = clicks.expected();
    assertThat(expected.firstClicks()).isEqualTo(adOfImpression.size());
    assertThat(expected.duplicates()).isEqualTo(all.size() - adOfImpression.size());
    assertThat(expected.duplicates()).isBetween(9_000L, 11_000L);
    for (long ad = 1; ad <= 300; ad++) {
      assertThat(expected.of(ad)).isEqualTo(firstClicksPerAd.getOrDefault(ad, 0L));
    }
  }

  @Test
  void withUsersFirstClicksCarryAKeyAndRepeatsKeepTheirFirstClicks() {
    SyntheticClicks clicks =
        new SyntheticClicks(new ClickPlan(5_000, 20, 0.2, Duration.ofMinutes(60), 100, 9), END);
    Map<ImpressionId, String> userOfImpression = new HashMap<>();
    for (ClickEvent click : drain(clicks)) {
      assertThat(click.userKey()).matches("user-\\d{1,2}");
      String first = userOfImpression.putIfAbsent(click.impressionId(), click.userKey());
      if (first != null) {
        assertThat(click.userKey()).isEqualTo(first);
      }
    }
    assertThat(new HashSet<>(userOfImpression.values())).hasSizeBetween(90, 100);
  }

  @Test
  void clickTimesRunForwardOverTheSpanAndFollowTheirIssue() {
    SyntheticClicks clicks =
        new SyntheticClicks(new ClickPlan(10_000, 50, 0.05, Duration.ofMinutes(60), 0, 1), END);
    long previous = Long.MIN_VALUE;
    for (ClickEvent click : drain(clicks)) {
      assertThat(click.clickTimeMillis())
          .isGreaterThanOrEqualTo(previous)
          .isBetween(END - Duration.ofMinutes(60).toMillis(), END);
      assertThat(click.issuedAtMillis()).isLessThanOrEqualTo(click.clickTimeMillis());
      previous = click.clickTimeMillis();
    }
  }

  @Test
  void restoreProbeRepeatsAnEarlierImpressionThenAddsOneNewOne() {
    SyntheticClicks clicks =
        new SyntheticClicks(new ClickPlan(1_000, 10, 0.05, Duration.ofMinutes(60), 0, 3), END);
    List<ClickEvent> before = drain(clicks);
    long firstClicks = clicks.expected().firstClicks();

    List<ClickEvent> probe = clicks.restoreProbe(END + 1);

    assertThat(before).extracting(ClickEvent::impressionId).contains(probe.get(0).impressionId());
    assertThat(before)
        .extracting(ClickEvent::impressionId)
        .doesNotContain(probe.get(1).impressionId());
    assertThat(probe.get(1).adId()).isEqualTo(probe.get(0).adId());
    assertThat(clicks.expected().firstClicks()).isEqualTo(firstClicks + 1);
  }

  private static List<ClickEvent> drain(SyntheticClicks clicks) {
    List<ClickEvent> all = new ArrayList<>();
    while (clicks.hasNext()) {
      all.add(clicks.next());
    }
    return all;
  }
}
