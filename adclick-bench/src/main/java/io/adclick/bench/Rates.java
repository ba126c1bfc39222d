package io.adclick.bench;

import java.time.Duration;

final class Rates {
  private Rates() {}

  static double seconds(Duration d) {
    return Math.max(d.toNanos(), 1) / 1e9;
  }

  static double perSecond(long events, Duration d) {
    return events / seconds(d);
  }
}
