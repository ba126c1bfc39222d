package io.adclick.tools.loadgen;

import io.adclick.tools.ledger.Outcome;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Running counts and latencies of a load run, recorded from the client's threads and read once a
 * second by the progress printer. Latency is from each click's intended send time to its answer;
 * clicks without an answer are counted, not timed.
 */
final class LoadStats {
  private final LongAdder sent = new LongAdder();
  private final LongAdder redirects = new LongAdder();
  private final LongAdder clientErrors = new LongAdder();
  private final LongAdder serverErrors = new LongAdder();
  private final LongAdder otherStatus = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder timeouts = new LongAdder();
  private final LongAdder unsent = new LongAdder();
  private final LongAdder forged = new LongAdder();
  private final LongAdder forgedRejected = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder unexpected = new LongAdder();
  private final Recorder latency = new Recorder(3);
  private final Histogram total = new Histogram(3);
  private Histogram recycled;

  /** Counts and latencies up to the moment of the snapshot; {@code interval} since the last. */
  record Snapshot(
      long sent,
      long redirects,
      long clientErrors,
      long serverErrors,
      long otherStatus,
      long errors,
      long timeouts,
      long unsent,
      long forged,
      long forgedRejected,
      long duplicates,
      long unexpected,
      Histogram interval,
      Histogram total) {}

  void sent() {
    sent.increment();
  }

  void completed(PlannedClick click, long latencyNanos, Outcome outcome, int status) {
    if (click.forged()) {
      forged.increment();
    }
    if (click.duplicate()) {
      duplicates.increment();
    }
    switch (outcome) {
      case ERROR -> errors.increment();
      case TIMEOUT -> timeouts.increment();
      case UNSENT -> unsent.increment();
      case ANSWERED -> answered(click, latencyNanos, status);
    }
  }

  private void answered(PlannedClick click, long latencyNanos, int status) {
    latency.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(latencyNanos)));
    if (status == 302) {
      redirects.increment();
    } else if (status >= 400 && status < 500) {
      clientErrors.increment();
    } else if (status >= 500) {
      serverErrors.increment();
    } else {
      otherStatus.increment();
    }
    boolean expected = click.forged() ? status == 400 : status == 302;
    if (!expected) {
      unexpected.increment();
    } else if (click.forged()) {
      forgedRejected.increment();
    }
  }

  /** Called from one thread at a time (the progress printer, then the final report). */
  synchronized Snapshot snapshot() {
    recycled = latency.getIntervalHistogram(recycled);
    total.add(recycled);
    return new Snapshot(
        sent.sum(),
        redirects.sum(),
        clientErrors.sum(),
        serverErrors.sum(),
        otherStatus.sum(),
        errors.sum(),
        timeouts.sum(),
        unsent.sum(),
        forged.sum(),
        forgedRejected.sum(),
        duplicates.sum(),
        unexpected.sum(),
        recycled.copy(),
        total.copy());
  }
}
