package io.adclick.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FixedRateScheduleTest {

  @Test
  void clickIsDueAtStartPlusIndexOverRate() {
    FixedRateSchedule schedule = new FixedRateSchedule(1_000L, 4);

    assertThat(schedule.dueNanos(0)).isEqualTo(1_000L);
    assertThat(schedule.dueNanos(1)).isEqualTo(1_000L + 250_000_000L);
    assertThat(schedule.dueNanos(4)).isEqualTo(1_000L + 1_000_000_000L);
  }

  @Test
  void dueTimesDoNotDriftOverALongRun() {
    FixedRateSchedule schedule = new FixedRateSchedule(0, 10_000);

    // One hour at 10k/s: the last due time is exactly one hour in, not off by accumulated error.
    assertThat(schedule.dueNanos(36_000_000L)).isEqualTo(3_600_000_000_000L);
  }

  @Test
  void dueTimesNeverGoBackwards() {
    FixedRateSchedule schedule = new FixedRateSchedule(0, 3_333.3);
    long previous = -1;
    for (long i = 0; i < 100_000; i++) {
      long due = schedule.dueNanos(i);
      assertThat(due).isGreaterThanOrEqualTo(previous);
      previous = due;
    }
  }

  @Test
  void countsClicksDueWithinADuration() {
    assertThat(FixedRateSchedule.countWithin(500, 10_000_000_000L)).isEqualTo(5_000);
    assertThat(FixedRateSchedule.countWithin(3, 1_500_000_000L)).isEqualTo(5);
  }

  @Test
  void rejectsARateThatIsNotPositive() {
    assertThatThrownBy(() -> new FixedRateSchedule(0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
