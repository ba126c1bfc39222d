package io.adclick.time;

import java.util.Locale;

/** The bucket sizes clicks are counted in. Buckets are aligned to UTC. */
public enum Granularity {
  MINUTE(60_000L),
  HOUR(3_600_000L),
  DAY(86_400_000L);

  private final long millis;

  Granularity(long millis) {
    this.millis = millis;
  }

  public long millis() {
    return millis;
  }

  /** Start of the bucket holding this instant. */
  public long bucketStart(long epochMillis) {
    return Math.floorDiv(epochMillis, millis) * millis;
  }

  public long bucketEnd(long epochMillis) {
    return bucketStart(epochMillis) + millis;
  }

  /** Lower-case name as used in the API. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException for anything but minute, hour or day
   */
  public static Granularity fromApiName(String name) {
    if (name != null) {
      for (Granularity g : values()) {
        if (g.apiName().equals(name)) {
          return g;
        }
      }
    }
    throw new IllegalArgumentException("granularity must be one of minute, hour, day");
  }
}
