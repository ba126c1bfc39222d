package io.adclick.tools.loadgen;

/**
 * Maps the monotonic clock the generator schedules with to the wall clock the ledger and the
 * server's minute buckets use, read once so that the two never drift apart within a run.
 */
record TimeBase(long epochMillis, long nanos) {

  static TimeBase now() {
    return new TimeBase(System.currentTimeMillis(), System.nanoTime());
  }

  long toEpochMillis(long nanoTime) {
    return epochMillis + Math.floorDiv(nanoTime - nanos, 1_000_000L);
  }
}
