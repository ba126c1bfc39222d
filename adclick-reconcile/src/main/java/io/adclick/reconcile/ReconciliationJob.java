package io.adclick.reconcile;

import io.adclick.time.Granularity;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One reconciliation started by the schedule or on demand, followed while it runs: how many minutes
 * of its range are compared, then the run as recorded or why it failed. Written by the runner
 * thread, read by any.
 */
public final class ReconciliationJob {

  /** Where a job is. */
  public enum State {
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  /** Who started a job. */
  public enum Origin {
    SCHEDULE,
    ON_DEMAND
  }

  private final long id;
  private final Origin origin;
  private final long from;
  private final long to;
  private final boolean dryRun;
  private final AtomicLong minutesCompared = new AtomicLong();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile State state = State.RUNNING;
  private volatile ReconciliationRun run;
  private volatile String error;

  ReconciliationJob(long id, Origin origin, long from, long to, boolean dryRun) {
    this.id = id;
    this.origin = origin;
    this.from = from;
    this.to = to;
    this.dryRun = dryRun;
  }

  public long id() {
    return id;
  }

  public Origin origin() {
    return origin;
  }

  public long from() {
    return from;
  }

  public long to() {
    return to;
  }

  public boolean dryRun() {
    return dryRun;
  }

  public State state() {
    return state;
  }

  public long minutesCompared() {
    return minutesCompared.get();
  }

  public long minutesTotal() {
    return (to - from) / Granularity.MINUTE.millis();
  }

  /** The run as recorded once succeeded, else null. */
  public ReconciliationRun run() {
    return run;
  }

  /** Why it failed, for an operator (no internals), else null. */
  public String error() {
    return error;
  }

  /** Waits until the job has succeeded or failed; false if it has not within the timeout. */
  public boolean await(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  void compared(long minutes) {
    minutesCompared.set(minutes);
  }

  void succeeded(ReconciliationRun recorded) {
    run = recorded;
    minutesCompared.set(minutesTotal());
    state = State.SUCCEEDED;
    done.countDown();
  }

  void failed(String why) {
    error = why;
    state = State.FAILED;
    done.countDown();
  }
}
