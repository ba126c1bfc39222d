package io.adclick.reconcile;

import io.adclick.time.Granularity;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles the closed hours not reconciled yet, one hour per run (the bound {@link
 * Reconciliation} relies on) except for a UTC day's last hour, which is reconciled with its whole
 * day so the day's totals are compared too, on every tick: from where the last repairing run ended
 * up to the last whole hour that is at least the settle delay old, when the stream has finalized
 * its minutes and the lake has committed its clicks. On first start it begins {@code firstLookBack}
 * back, or at the lake's first hour if that is later. A run that fails, or finds another running,
 * ends the tick; the next tick tries again from the same hour.
 *
 * <p>Not reconciled: clicks that reach the lake after their hour was (only a replay older than the
 * job's correction horizon does that; a run on demand repairs them).
 */
public final class ReconciliationSchedule implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReconciliationSchedule.class);
  private static final long HOUR = Granularity.HOUR.millis();

  /** Covers the job's checkpoint (lake commit) and flush beyond its allowed lateness. */
  static final Duration SETTLE_MARGIN = Duration.ofMinutes(5);

  /** How long a tick waits for one hour's run before it gives up the tick. */
  private static final Duration RUN_TIMEOUT = Duration.ofHours(1);

  /**
   * @param every how often to tick
   * @param settleDelay how long after its end an hour is closed
   * @param firstLookBack how far back the first run may start
   */
  public record Settings(Duration every, Duration settleDelay, Duration firstLookBack) {
    public Settings {
      if (every.isZero()
          || every.isNegative()
          || settleDelay.isNegative()
          || firstLookBack.isZero()
          || firstLookBack.isNegative()) {
        throw new IllegalArgumentException("every and firstLookBack must be positive");
      }
    }

    /**
     * Every {@code every}, looking back 24 hours at most on first start, with a settle delay of the
     * job's allowed lateness, its checkpoint interval and {@link #SETTLE_MARGIN}.
     */
    public static Settings of(
        Duration every, Duration allowedLateness, Duration checkpointInterval) {
      return new Settings(
          every,
          allowedLateness.plus(checkpointInterval).plus(SETTLE_MARGIN),
          Duration.ofHours(24));
    }
  }

  private final Settings settings;
  private final Clock clock;
  private final ReconciliationJobs jobs;
  private final ReconciliationLog log;
  private final LakeLayout lake;
  private ScheduledExecutorService ticker;

  public ReconciliationSchedule(
      Settings settings,
      Clock clock,
      ReconciliationJobs jobs,
      ReconciliationLog log,
      Path lakeRoot) {
    this.settings = settings;
    this.clock = clock;
    this.jobs = jobs;
    this.log = log;
    this.lake = new LakeLayout(lakeRoot);
  }

  /** Ticks on a daemon thread of its own, the first time one minute from now. */
  public synchronized ReconciliationSchedule start() {
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            DaemonThread.named("adclick-reconcile-schedule"));
    // One minute in, so start-up (the job restoring, the broker electing) has the cores first.
    ticker.scheduleWithFixedDelay(
        this::tickLogged, 60_000, settings.every().toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * The start of the next hour to reconcile, if one is closed.
   *
   * @param reconciledThrough as {@link ReconciliationLog#reconciledThrough()}, -1 for none
   * @param firstLakeHour the lake's oldest hour, -1 when it has none
   */
  OptionalLong nextHour(long reconciledThrough, long firstLakeHour) {
    long closedThrough = Granularity.HOUR.bucketStart(clock.millis() - settleMillis());
    long start;
    if (reconciledThrough >= 0) {
      // A run on demand may have ended inside an hour: the rest of that hour comes next.
      start = reconciledThrough;
    } else if (firstLakeHour >= 0) {
      start = Math.max(firstLakeHour, closedThrough - settings.firstLookBack().toMillis());
    } else {
      return OptionalLong.empty();
    }
    long end = Granularity.HOUR.bucketStart(start) + HOUR;
    return end <= closedThrough ? OptionalLong.of(start) : OptionalLong.empty();
  }

  /**
   * Runs the hours due, one at a time, until none is closed, one fails or another run is going.
   *
   * @return the hours reconciled
   */
  int tick() throws Exception {
    int reconciled = 0;
    while (true) {
      OptionalLong next = nextHour(log.reconciledThrough(), lake.firstCommittedHour());
      if (next.isEmpty()) {
        return reconciled;
      }
      long to = Granularity.HOUR.bucketStart(next.getAsLong()) + HOUR;
      long from = dayClosedBy(to) ? Granularity.DAY.bucketStart(to - 1) : next.getAsLong();
      Optional<ReconciliationJob> started =
          jobs.start(from, to, false, ReconciliationJob.Origin.SCHEDULE);
      if (started.isEmpty()) {
        LOG.info("scheduled reconciliation waits: another reconciliation is running");
        return reconciled;
      }
      ReconciliationJob job = started.get();
      if (!job.await(RUN_TIMEOUT) || job.state() != ReconciliationJob.State.SUCCEEDED) {
        LOG.warn(
            "scheduled reconciliation of [{}, {}) did not succeed; next tick retries", from, to);
        return reconciled;
      }
      ReconciliationRun run = job.run();
      LOG.info(
          "reconciled [{}, {}): {} rows checked, {} differing, {} corrections",
          from,
          to,
          run.found().rowsChecked(),
          run.found().rowsDiffering(),
          run.corrections());
      reconciled++;
    }
  }

  /**
   * Whether an hour ending at {@code to} is a UTC day's last: then the run covers the whole day,
   * the only range in which the audit compares days as well as minutes and hours. It re-reads the
   * day's other hours (at the design point some 100 s against 5 s for an hour, once a day).
   */
  private static boolean dayClosedBy(long to) {
    return Granularity.DAY.bucketStart(to) == to;
  }

  /** A tick that never throws: an exception would cancel every later tick. */
  private void tickLogged() {
    try {
      tick();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception | Error e) {
      LOG.warn("scheduled reconciliation failed; next tick retries", e);
    }
  }

  private long settleMillis() {
    return settings.settleDelay().toMillis();
  }

  @Override
  public synchronized void close() throws InterruptedException {
    if (ticker != null) {
      ticker.shutdownNow();
      ticker.awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
