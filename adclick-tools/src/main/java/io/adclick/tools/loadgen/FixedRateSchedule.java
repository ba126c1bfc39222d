package io.adclick.tools.loadgen;

/**
 * When each click is due: click {@code i} at {@code start + i / rate}, whatever happened to the
 * clicks before it (open loop). A stalled server therefore meets a growing backlog instead of a
 * politely waiting client, and latency measured from the due time shows the stall.
 */
record FixedRateSchedule(long startNanos, double perSecond) {

  FixedRateSchedule {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive, got " + perSecond);
    }
  }

  long dueNanos(long i) {
    return startNanos + (long) (i * (1e9 / perSecond));
  }

  /** How many clicks fall due within {@code nanos} of the start at {@code perSecond}. */
  static long countWithin(double perSecond, long nanos) {
    return (long) Math.ceil(nanos * perSecond / 1e9);
  }
}
