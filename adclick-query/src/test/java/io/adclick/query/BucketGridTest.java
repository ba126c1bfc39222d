package io.adclick.query;

import static io.adclick.time.Granularity.DAY;
import static io.adclick.time.Granularity.HOUR;
import static io.adclick.time.Granularity.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BucketGridTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId INDIA = ZoneId.of("Asia/Kolkata");

  private static long at(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  @Test
  void newYorkDaysAre23And25HoursAcrossDaylightSaving() {
    BucketGrid days = new BucketGrid(DAY, NEW_YORK);

    List<Long> spring =
        days.bounds(at("2026-03-07T12:00:00Z"), at("2026-03-10T04:00:00Z"), 100).orElseThrow();
    List<Long> autumn =
        days.bounds(at("2026-10-31T12:00:00Z"), at("2026-11-03T05:00:00Z"), 100).orElseThrow();

    assertThat(spring)
        .containsExactly(
            at("2026-03-07T05:00:00Z"),
            at("2026-03-08T05:00:00Z"),
            at("2026-03-09T04:00:00Z"),
            at("2026-03-10T04:00:00Z"));
    assertThat(spring.get(2) - spring.get(1)).isEqualTo(23 * HOUR.millis());
    assertThat(autumn.get(2) - autumn.get(1)).isEqualTo(25 * HOUR.millis());
  }

  @Test
  void newYorkHoursSkipAndRepeatAtTheChange() {
    BucketGrid hours = new BucketGrid(HOUR, NEW_YORK);

    // 2026-11-01: 01:00 EDT (05:00Z), 01:00 EST (06:00Z), 02:00 EST (07:00Z): all one hour long.
    assertThat(hours.bounds(at("2026-11-01T04:30:00Z"), at("2026-11-01T07:00:00Z"), 10))
        .hasValue(
            List.of(
                at("2026-11-01T04:00:00Z"),
                at("2026-11-01T05:00:00Z"),
                at("2026-11-01T06:00:00Z"),
                at("2026-11-01T07:00:00Z")));
  }

  @Test
  void indiaHoursAndDaysStartAtUtcHalfHours() {
    assertThat(new BucketGrid(HOUR, INDIA).startOf(at("2026-03-01T10:10:00Z")))
        .isEqualTo(at("2026-03-01T09:30:00Z"));
    assertThat(new BucketGrid(DAY, INDIA).startOf(at("2026-03-01T10:10:00Z")))
        .isEqualTo(at("2026-02-28T18:30:00Z"));
    assertThat(new BucketGrid(DAY, INDIA).next(at("2026-02-28T18:30:00Z")))
        .isEqualTo(at("2026-03-01T18:30:00Z"));
  }

  @Test
  void inUtcTheGridIsTheStoredGrid() {
    Random random = new Random(7);
    for (var g : List.of(MINUTE, HOUR, DAY)) {
      BucketGrid grid = new BucketGrid(g, ZoneOffset.UTC);
      for (int i = 0; i < 500; i++) {
        long t = Math.floorMod(random.nextLong(), at("2100-01-01T00:00:00Z"));
        assertThat(grid.startOf(t)).isEqualTo(g.bucketStart(t));
        assertThat(grid.next(g.bucketStart(t))).isEqualTo(g.bucketEnd(t));
      }
    }
  }

  @Test
  void boundsStopBeyondTheLimit() {
    BucketGrid minutes = new BucketGrid(MINUTE, ZoneOffset.UTC);

    assertThat(minutes.bounds(0, 10 * MINUTE.millis(), 10).orElseThrow()).hasSize(11);
    assertThat(minutes.bounds(0, 11 * MINUTE.millis(), 10)).isEmpty();
    assertThat(minutes.bounds(59_000, 60_000 + 59_000, 10)).hasValue(List.of(0L, 60_000L));
  }
}
