package io.adclick.bench;

import java.time.Duration;

/** The end of the whole run: every wait gets at most what is left of it. */
final class Deadline {
  private final long endNanos;

  Deadline(Duration budget) {
    this.endNanos = System.nanoTime() + budget.toNanos();
  }

  /** What is left, capped at {@code cap}; at least a millisecond so waits fail rather than hang. */
  Duration remaining(Duration cap) {
    long left = Math.max(1_000_000, endNanos - System.nanoTime());
    return Duration.ofNanos(Math.min(left, cap.toNanos()));
  }
}
