package io.adclick.store;

import java.time.Duration;

/**
 * How long a store keeps each granularity. Minute rows are most of the volume (about 50M per day at
 * the design point) and matter for recent days; hours and days are small and wanted for
 * year-on-year views. Data older than its retention may disappear whole partitions at a time, so a
 * bucket can outlive its retention by up to one partition.
 */
public record Retention(Duration minutes, Duration hours, Duration days) {

  public static final Retention DEFAULT =
      new Retention(Duration.ofDays(30), Duration.ofDays(730), Duration.ofDays(730));

  public Retention {
    for (Duration d : new Duration[] {minutes, hours, days}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("retention must be positive: " + d);
      }
    }
  }

  /** The retention of one granularity. */
  public Duration of(io.adclick.time.Granularity granularity) {
    return switch (granularity) {
      case MINUTE -> minutes;
      case HOUR -> hours;
      case DAY -> days;
    };
  }
}
