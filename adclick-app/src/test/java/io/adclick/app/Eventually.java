package io.adclick.app;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition with a deadline, re-checking every 200 ms. */
final class Eventually {
  private Eventually() {}

  static void assertThat(Duration deadline, String what, Callable<Boolean> condition)
      throws Exception {
    long end = System.nanoTime() + deadline.toNanos();
    Throwable last = null;
    while (System.nanoTime() < end) {
      try {
        if (condition.call()) {
          return;
        }
        last = null;
      } catch (Exception | AssertionError e) {
        last = e;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("not true within " + deadline + ": " + what, last);
  }
}
