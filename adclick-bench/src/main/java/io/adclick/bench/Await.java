package io.adclick.bench;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes. */
final class Await {
  private Await() {}

  /**
   * @return nanoTime at which the condition was first seen true
   */
  static long until(String what, Duration timeout, Duration every, BooleanSupplier condition)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (condition.getAsBoolean()) {
        return System.nanoTime();
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(what + " not within " + timeout.toSeconds() + " s");
      }
      Thread.sleep(every.toMillis());
    }
  }
}
