package io.adclick.tools.loadgen;

/**
 * How to send: {@code clicks} clicks at {@code rate} per second over {@code connections} keep-alive
 * connections, each click given up after {@code timeoutNanos}. What the clicks are is {@link
 * ClickMix}'s business.
 */
record LoadSettings(double rate, long clicks, int connections, long timeoutNanos) {

  LoadSettings {
    if (!(rate > 0) || clicks < 0 || connections < 1 || timeoutNanos <= 0) {
      throw new IllegalArgumentException(
          "rate and timeout must be positive, clicks >= 0, connections >= 1");
    }
  }
}
