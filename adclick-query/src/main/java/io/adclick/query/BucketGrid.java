package io.adclick.query;

import io.adclick.time.Granularity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the buckets of one granularity start in one time zone: local whole hours and local
 * midnights, so a New York day is 23, 24 or 25 hours long and an India hour starts at a UTC half
 * hour. Minutes are UTC minutes in every zone.
 */
record BucketGrid(Granularity granularity, ZoneId zone) {

  /** The start of the bucket holding this instant. */
  long startOf(long epochMillis) {
    return switch (granularity) {
      case MINUTE -> Granularity.MINUTE.bucketStart(epochMillis);
      case HOUR -> wholeMinute(local(epochMillis).truncatedTo(ChronoUnit.HOURS));
      case DAY -> wholeMinute(local(epochMillis).toLocalDate().atStartOfDay(zone));
    };
  }

  /** The start of the bucket after the one starting at {@code start}. */
  long next(long start) {
    long next =
        switch (granularity) {
          case MINUTE -> start + Granularity.MINUTE.millis();
          // An hour later on the timeline, back to its local whole hour: across a half-hour DST
          // shift (Lord Howe) that makes one bucket half an hour long, never a gap or an overlap.
          case HOUR -> startOf(start + Granularity.HOUR.millis());
          case DAY -> {
            LocalDate day = local(start).toLocalDate().plusDays(1);
            yield wholeMinute(day.atStartOfDay(zone));
          }
        };
    return next > start ? next : start + granularity.millis();
  }

  /**
   * Bucket boundaries from {@code from}'s bucket up to the start of {@code to}'s bucket: n buckets
   * give n + 1 boundaries. Empty when the range holds more than {@code maxBuckets} buckets.
   */
  Optional<List<Long>> bounds(long from, long to, int maxBuckets) {
    List<Long> bounds = new ArrayList<>();
    long end = startOf(to);
    for (long start = startOf(from); start <= end; start = next(start)) {
      if (bounds.size() > maxBuckets) {
        return Optional.empty();
      }
      bounds.add(start);
    }
    return Optional.of(bounds);
  }

  private ZonedDateTime local(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).atZone(zone);
  }

  /**
   * Stored buckets are whole UTC minutes. Offsets have been whole minutes everywhere since 1972
   * (Monrovia's -0:44:30 was the last); older boundaries round down to the minute they fall in.
   */
  private static long wholeMinute(ZonedDateTime time) {
    return Granularity.MINUTE.bucketStart(time.toInstant().toEpochMilli());
  }
}
