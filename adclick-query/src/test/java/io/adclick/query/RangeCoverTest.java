package io.adclick.query;

import static io.adclick.time.Granularity.DAY;
import static io.adclick.time.Granularity.HOUR;
import static io.adclick.time.Granularity.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adclick.query.RangeCover.Run;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RangeCoverTest {

  private static long at(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  @Test
  void raggedEdgesInMinutesThenHoursAroundWholeDays() {
    List<Run> runs = RangeCover.of(at("2026-03-01T22:17:00Z"), at("2026-03-04T01:05:00Z"));

    assertThat(runs)
        .containsExactly(
            new Run(MINUTE, at("2026-03-01T22:17:00Z"), at("2026-03-01T23:00:00Z")),
            new Run(HOUR, at("2026-03-01T23:00:00Z"), at("2026-03-02T00:00:00Z")),
            new Run(DAY, at("2026-03-02T00:00:00Z"), at("2026-03-04T00:00:00Z")),
            new Run(HOUR, at("2026-03-04T00:00:00Z"), at("2026-03-04T01:00:00Z")),
            new Run(MINUTE, at("2026-03-04T01:00:00Z"), at("2026-03-04T01:05:00Z")));
  }

  @Test
  void alignedRangesAreOneRun() {
    assertThat(RangeCover.of(at("2026-03-01T00:00:00Z"), at("2026-04-01T00:00:00Z")))
        .containsExactly(new Run(DAY, at("2026-03-01T00:00:00Z"), at("2026-04-01T00:00:00Z")));
    assertThat(RangeCover.of(at("2026-03-01T05:00:00Z"), at("2026-03-01T09:00:00Z")))
        .containsExactly(new Run(HOUR, at("2026-03-01T05:00:00Z"), at("2026-03-01T09:00:00Z")));
    assertThat(RangeCover.of(at("2026-03-01T05:10:00Z"), at("2026-03-01T05:20:00Z")))
        .containsExactly(new Run(MINUTE, at("2026-03-01T05:10:00Z"), at("2026-03-01T05:20:00Z")));
    assertThat(RangeCover.of(at("2026-03-01T05:10:00Z"), at("2026-03-01T05:10:00Z"))).isEmpty();
  }

  @Test
  void bucketsAreCoveredOneByOneAndAdjacentRunsMerged() {
    // Two India days (+05:30): each is minutes, hours, minutes; the minutes at the shared edge
    // (18:00-19:00 UTC) are read as one run.
    List<Long> bounds =
        List.of(at("2026-03-01T18:30:00Z"), at("2026-03-02T18:30:00Z"), at("2026-03-03T18:30:00Z"));

    assertThat(RangeCover.ofBuckets(bounds))
        .containsExactly(
            new Run(MINUTE, at("2026-03-01T18:30:00Z"), at("2026-03-01T19:00:00Z")),
            new Run(HOUR, at("2026-03-01T19:00:00Z"), at("2026-03-02T18:00:00Z")),
            new Run(MINUTE, at("2026-03-02T18:00:00Z"), at("2026-03-02T19:00:00Z")),
            new Run(HOUR, at("2026-03-02T19:00:00Z"), at("2026-03-03T18:00:00Z")),
            new Run(MINUTE, at("2026-03-03T18:00:00Z"), at("2026-03-03T18:30:00Z")));
  }

  @Test
  void randomRangesAreCoveredExactlyByTheCoarsestAlignedRuns() {
    Random random = new Random(42);
    long base = at("2026-01-01T00:00:00Z");
    for (int i = 0; i < 2_000; i++) {
      long from = base + MINUTE.millis() * random.nextInt(60 * 24 * 10);
      long to = from + MINUTE.millis() * random.nextInt(60 * 24 * 10);
      List<Run> runs = RangeCover.of(from, to);

      long at = from;
      for (Run run : runs) {
        assertThat(run.from()).isEqualTo(at);
        assertThat(run.to()).isGreaterThan(run.from());
        assertThat(run.granularity().bucketStart(run.from())).isEqualTo(run.from());
        assertThat(run.granularity().bucketStart(run.to())).isEqualTo(run.to());
        at = run.to();
      }
      assertThat(at).isEqualTo(to);
      // Coarsest: no whole day read as hours or minutes, no whole hour read as minutes.
      for (Run run : runs) {
        if (run.granularity() != DAY) {
          assertThat(holdsWhole(run, DAY)).as("%s", run).isFalse();
        }
        if (run.granularity() == MINUTE) {
          assertThat(holdsWhole(run, HOUR)).as("%s", run).isFalse();
        }
      }
      assertThat(runs.size()).isLessThanOrEqualTo(5);
    }
  }

  private static boolean holdsWhole(Run run, io.adclick.time.Granularity coarser) {
    long firstWhole = coarser.bucketStart(run.from() + coarser.millis() - 1);
    return firstWhole + coarser.millis() <= run.to();
  }

  @Test
  void refusesRangesThatAreNotWholeMinutes() {
    assertThatThrownBy(() -> RangeCover.of(1_000, 60_000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RangeCover.of(120_000, 60_000))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
