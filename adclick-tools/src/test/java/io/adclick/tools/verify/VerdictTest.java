package io.adclick.tools.verify;

import static io.adclick.tools.verify.ExpectedCountsTest.build;
import static io.adclick.tools.verify.ExpectedCountsTest.entry;
import static io.adclick.tools.verify.ExpectedCountsTest.redirect;
import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.tools.ledger.Outcome;
import io.adclick.tools.verify.Verdict.AdDifference;
import io.adclick.tools.verify.Verdict.MinuteMismatch;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictTest {
  private static final long T = 1_767_225_600_000L;
  private static final long AD = 5;
  private static final ExpectedCounts TWO_AND_ONE_MAYBE =
      build(
          redirect("a", T + 1_000, T + 1_002),
          redirect("b", T + 2_000, T + 2_002),
          entry("c", Outcome.TIMEOUT, 0, T + 3_000, T + 8_000, false));

  @Test
  void countWithinTheAmbiguousRangeIsExact() {
    for (long reported : new long[] {2, 3}) {
      Verdict verdict = Verdict.of(TWO_AND_ONE_MAYBE, Map.of(AD, Map.of(T, reported)));

      assertThat(verdict.exact()).isTrue();
      assertThat(verdict.lost()).isZero();
      assertThat(verdict.doubled()).isZero();
      assertThat(verdict.ambiguous()).isEqualTo(1);
    }
  }

  @Test
  void countBelowTheMinimumLostClicks() {
    Verdict verdict = Verdict.of(TWO_AND_ONE_MAYBE, Map.of(AD, Map.of(T, 1L)));

    assertThat(verdict.exact()).isFalse();
    assertThat(verdict.differences()).containsEntry(AD, new AdDifference(AD, 2, 3, 1, 1, 0));
  }

  @Test
  void countAboveTheMaximumCountedTwice() {
    Verdict verdict = Verdict.of(TWO_AND_ONE_MAYBE, Map.of(AD, Map.of(T, 5L)));

    assertThat(verdict.exact()).isFalse();
    assertThat(verdict.doubled()).isEqualTo(2);
    assertThat(verdict.lost()).isZero();
  }

  @Test
  void nothingReportedForAnAdMeansAllItsClicksWereLost() {
    Verdict verdict = Verdict.of(TWO_AND_ONE_MAYBE, Map.of());

    assertThat(verdict.lost()).isEqualTo(2);
  }

  @Test
  void rightTotalInTheWrongMinuteIsAMismatch() {
    Verdict verdict = Verdict.of(TWO_AND_ONE_MAYBE, Map.of(AD, Map.of(T + 60_000, 2L)));

    assertThat(verdict.lost()).isZero();
    assertThat(verdict.doubled()).isZero();
    assertThat(verdict.exact()).isFalse();
    assertThat(verdict.minuteMismatches())
        .containsExactly(
            new MinuteMismatch(AD, T, 2, 3, 0), new MinuteMismatch(AD, T + 60_000, 0, 0, 2));
  }

  @Test
  void aRedirectedForgeryFailsTheVerdict() {
    ExpectedCounts expected = build(entry("f", Outcome.ANSWERED, 302, T, T + 1, true));

    Verdict verdict = Verdict.of(expected, Map.of(AD, Map.of()));

    assertThat(verdict.lost() + verdict.doubled()).isZero();
    assertThat(verdict.exact()).isFalse();
  }
}
