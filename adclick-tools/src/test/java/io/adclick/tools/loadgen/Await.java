package io.adclick.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition between threads instead of sleeping a guessed time. */
final class Await {
  private Await() {}

  /** Polls {@code condition} until it holds; fails the test if it does not within 10 s. */
  static void until(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition met within 10 s").isLessThan(deadline);
      LockSupport.parkNanos(1_000_000L); // polling a condition, not timing anything
    }
  }
}
