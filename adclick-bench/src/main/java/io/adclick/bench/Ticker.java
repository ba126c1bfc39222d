package io.adclick.bench;

import java.time.Duration;

/** Says when the next progress line is due, so long loops print every few seconds. */
final class Ticker {
  private final long everyNanos;
  private long next;

  Ticker(Duration every) {
    this.everyNanos = every.toNanos();
    this.next = System.nanoTime() + everyNanos;
  }

  boolean due() {
    long now = System.nanoTime();
    if (now < next) {
      return false;
    }
    next = now + everyNanos;
    return true;
  }
}
