package io.adclick.reconcile;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reconciliations one at a time on a daemon thread of its own, whoever starts them (the
 * schedule or an admin): two at once would repair the same buckets from different reads and double
 * DuckDB's memory. A start while one runs is refused, not queued, so the caller can say so.
 *
 * <p>State bound: the last {@value #KEPT} jobs are kept for their status; runs themselves are in
 * the {@link ReconciliationLog}.
 */
public final class ReconciliationJobs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReconciliationJobs.class);
  static final int KEPT = 50;

  private final RangeReconciler reconciler;
  private final ExecutorService runner =
      Executors.newSingleThreadExecutor(DaemonThread.named("adclick-reconcile"));
  private final AtomicReference<ReconciliationJob> running = new AtomicReference<>();
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, ReconciliationJob> recent =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ReconciliationJob> eldest) {
          return size() > KEPT;
        }
      };

  public ReconciliationJobs(RangeReconciler reconciler) {
    this.reconciler = reconciler;
  }

  /**
   * Starts reconciling {@code [from, to)} unless a reconciliation is running.
   *
   * @return the job, or empty when another one runs
   */
  public Optional<ReconciliationJob> start(
      long from, long to, boolean dryRun, ReconciliationJob.Origin origin) {
    ReconciliationJob job = new ReconciliationJob(ids.incrementAndGet(), origin, from, to, dryRun);
    if (!running.compareAndSet(null, job)) {
      return Optional.empty();
    }
    synchronized (recent) {
      recent.put(job.id(), job);
    }
    try {
      runner.execute(() -> run(job));
    } catch (RejectedExecutionException e) {
      running.set(null);
      job.failed("the server is shutting down");
    }
    return Optional.of(job);
  }

  /** A job among the last {@value #KEPT} started. */
  public Optional<ReconciliationJob> job(long id) {
    synchronized (recent) {
      return Optional.ofNullable(recent.get(id));
    }
  }

  /** The job running now, if any. */
  public Optional<ReconciliationJob> running() {
    return Optional.ofNullable(running.get());
  }

  private void run(ReconciliationJob job) {
    ReconciliationRun recorded = null;
    String error = null;
    try {
      recorded = reconciler.run(job.from(), job.to(), job.dryRun(), job::compared);
    } catch (Exception | Error e) {
      LOG.warn("reconciliation job {} of [{}, {}) failed", job.id(), job.from(), job.to(), e);
      error =
          "the reconciliation failed (" + e.getClass().getSimpleName() + "); see the server log";
    }
    // Free before telling waiters, so one that starts the next job right away is not refused.
    running.set(null);
    if (recorded != null) {
      job.succeeded(recorded);
    } else {
      job.failed(error);
    }
  }

  /** Interrupts a running job and waits for it to stop, so the stores close after it. */
  @Override
  public void close() throws InterruptedException {
    runner.shutdownNow();
    if (!runner.awaitTermination(30, TimeUnit.SECONDS)) {
      LOG.warn("a reconciliation still runs after 30 s of shutdown");
    }
  }
}
