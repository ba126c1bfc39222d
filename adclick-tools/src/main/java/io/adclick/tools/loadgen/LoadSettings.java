package io.adclick.tools.loadgen;

/**
 * What to send: {@code clicks} clicks at {@code rate} per second, Zipf-distributed over the ads
 * with {@code zipf} skew, a share of them repeats and forgeries.
 */
record LoadSettings(
    double rate,
    long clicks,
    double zipf,
    double duplicateRatio,
    double forgedRatio,
    int connections,
    long timeoutNanos,
    long seed) {

  LoadSettings {
    if (!(rate > 0) || clicks < 0 || connections < 1 || timeoutNanos <= 0) {
      throw new IllegalArgumentException(
          "rate and timeout must be positive, clicks >= 0, connections >= 1");
    }
  }
}
