package io.adclick.tools.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.tools.ledger.LedgerEntry;
import io.adclick.tools.ledger.Outcome;
import io.adclick.tools.verify.ExpectedCounts.AdRange;
import io.adclick.tools.verify.ExpectedCounts.MinuteRange;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpectedCountsTest {
  private static final long T = 1_767_225_600_000L; // a minute start
  private static final long AD = 5;

  @Test
  void duplicateOf302CountsOnce() {
    ExpectedCounts counts =
        build(
            redirect("imp-1", T + 1_000, T + 1_005),
            redirect("imp-1", T + 2_000, T + 2_003),
            redirect("imp-2", T + 3_000, T + 3_002));

    assertThat(counts.ads()).containsExactly(Map.entry(AD, new AdRange(AD, 2, 0)));
  }

  @Test
  void forgedClicksCountNothingEvenIfRedirected() {
    ExpectedCounts counts =
        build(
            entry("imp-1", Outcome.ANSWERED, 400, T, T + 1, true),
            entry("imp-2", Outcome.ANSWERED, 302, T, T + 1, true));

    assertThat(counts.ads()).containsExactly(Map.entry(AD, new AdRange(AD, 0, 0)));
    assertThat(counts.forgedRedirected()).isEqualTo(1);
  }

  @Test
  void unansweredClickMayCountOnceAtMost() {
    ExpectedCounts counts =
        build(
            entry("imp-1", Outcome.ERROR, 0, T, T + 10, false),
            entry("imp-1", Outcome.TIMEOUT, 0, T + 20, T + 5_020, false),
            entry("imp-2", Outcome.TIMEOUT, 0, T + 30, T + 5_030, false));

    assertThat(counts.ads().get(AD)).isEqualTo(new AdRange(AD, 0, 2));
  }

  @Test
  void unansweredRepeatOfA302AddsNoAmbiguity() {
    ExpectedCounts counts =
        build(
            redirect("imp-1", T, T + 5), entry("imp-1", Outcome.TIMEOUT, 0, T + 10, T + 20, false));

    assertThat(counts.ads().get(AD)).isEqualTo(new AdRange(AD, 1, 0));
  }

  @Test
  void unsentAndRejectedClicksCountNothing() {
    ExpectedCounts counts =
        build(
            entry("imp-1", Outcome.UNSENT, 0, T, T, false),
            entry("imp-2", Outcome.ANSWERED, 503, T, T + 3, false));

    assertThat(counts.ads().get(AD)).isEqualTo(new AdRange(AD, 0, 0));
  }

  @Test
  void clickWithinOneMinuteIsPinnedToIt() {
    ExpectedCounts counts = build(redirect("imp-1", T + 59_000, T + 59_900));

    assertThat(counts.minutes(AD)).containsExactly(Map.entry(T, new MinuteRange(1, 0)));
  }

  @Test
  void clickAnsweredInTheNextMinuteMayLandInEither() {
    ExpectedCounts counts = build(redirect("imp-1", T + 59_990, T + 60_010));

    assertThat(counts.minutes(AD))
        .containsExactly(
            Map.entry(T, new MinuteRange(0, 1)), Map.entry(T + 60_000, new MinuteRange(0, 1)));
    assertThat(counts.ads().get(AD)).isEqualTo(new AdRange(AD, 1, 0));
  }

  @Test
  void earlierUnansweredClickCanMoveAnImpressionsMinute() {
    // The timed-out click in minute 0 may have reached the server first and counted there.
    ExpectedCounts counts =
        build(
            entry("imp-1", Outcome.TIMEOUT, 0, T + 50_000, T + 55_000, false),
            redirect("imp-1", T + 61_000, T + 61_005));

    assertThat(counts.minutes(AD))
        .containsExactly(
            Map.entry(T, new MinuteRange(0, 1)), Map.entry(T + 60_000, new MinuteRange(0, 1)));
  }

  @Test
  void remembersTheSpanOfTheLedger() {
    ExpectedCounts counts = build(redirect("a", T + 5, T + 9), redirect("b", T + 1, T + 30));

    assertThat(counts.firstIntendedMillis()).isEqualTo(T + 1);
    assertThat(counts.lastDoneMillis()).isEqualTo(T + 30);
  }

  static ExpectedCounts build(LedgerEntry... entries) {
    ExpectedCounts.Builder builder = new ExpectedCounts.Builder();
    for (LedgerEntry e : entries) {
      builder.add(e);
    }
    return builder.build();
  }

  static LedgerEntry redirect(String impression, long intended, long done) {
    return entry(impression, Outcome.ANSWERED, 302, intended, done, false);
  }

  static LedgerEntry entry(
      String impression, Outcome outcome, int status, long intended, long done, boolean forged) {
    return new LedgerEntry(impression, AD, outcome, status, intended, done, forged, false);
  }
}
