package io.adclick.bench;

import java.time.Duration;

/** How the topic was filled: records and key+value bytes acknowledged by the broker. */
record FillResult(long records, long bytes, Duration elapsed) {
  double recordsPerSecond() {
    return Rates.perSecond(records, elapsed);
  }

  double megabytesPerSecond() {
    return bytes / 1e6 / Rates.seconds(elapsed);
  }
}
