package io.adclick.bench;

/** The highest one-minute load average seen at the progress lines of a run. */
final class LoadWatch {
  private double max = -1;

  double sample() {
    double now = Machine.loadAverage();
    max = Math.max(max, now);
    return now;
  }

  double max() {
    return max;
  }
}
