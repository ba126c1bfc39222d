package io.adclick.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which hours the schedule reconciles, on a clock the test moves: a real log, a lake of folders,
 * and a reconciler that records what it was asked (or fails when told to).
 */
class ReconciliationScheduleTest {
  private static final Duration SETTLE = Duration.ofMinutes(10);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T12:30:00Z"));
  private final List<String> ranges = new ArrayList<>();
  private volatile boolean failing;
  private ReconciliationLog log;
  private ReconciliationJobs jobs;
  private ReconciliationSchedule schedule;

  @BeforeEach
  void setUp() throws Exception {
    log = ReconciliationLog.open(dir.resolve("reconciliation.duckdb"));
    jobs =
        new ReconciliationJobs(
            (from, to, dryRun, progress) -> {
              if (failing) {
                throw new IllegalStateException("the lake is unreadable");
              }
              ranges.add(Instant.ofEpochMilli(from) + ".." + Instant.ofEpochMilli(to));
              return log.record(
                  new ReconciliationRun(0, clock.millis(), from, to, dryRun, Comparison.NONE, 0, 0),
                  List.of());
            });
    schedule = scheduleSharing(jobs);
  }

  @AfterEach
  void tearDown() throws Exception {
    schedule.close();
    jobs.close();
    log.close();
  }

  @Test
  void nothingIsDueWhileTheLakeIsEmpty() throws Exception {
    assertThat(schedule.tick()).isZero();
    assertThat(ranges).isEmpty();
  }

  @Test
  void firstStartGoesBackAtMostTheLookBackOneHourPerRun() throws Exception {
    lakeHour("2026-03-01", 4);

    assertThat(schedule.tick()).isEqualTo(3);

    assertThat(ranges)
        .containsExactly(
            "2026-03-02T09:00:00Z..2026-03-02T10:00:00Z",
            "2026-03-02T10:00:00Z..2026-03-02T11:00:00Z",
            "2026-03-02T11:00:00Z..2026-03-02T12:00:00Z");
    assertThat(log.reconciledThrough()).isEqualTo(at("2026-03-02T12:00:00Z"));
  }

  @Test
  void firstStartBeginsAtTheLakesFirstHourIfThatIsLater() throws Exception {
    lakeHour("2026-03-02", 11);
    lakeHour("2026-03-02", 12);

    schedule.tick();

    assertThat(ranges).containsExactly("2026-03-02T11:00:00Z..2026-03-02T12:00:00Z");
  }

  @Test
  void anHourIsDueOnlyOnceItsSettleDelayHasPassed() throws Exception {
    lakeHour("2026-03-02", 11);
    schedule.tick();
    ranges.clear();

    clock.set(Instant.parse("2026-03-02T13:09:59Z"));
    assertThat(schedule.tick()).isZero();

    clock.set(Instant.parse("2026-03-02T13:10:00Z"));
    assertThat(schedule.tick()).isOne();
    assertThat(ranges).containsExactly("2026-03-02T12:00:00Z..2026-03-02T13:00:00Z");
  }

  @Test
  void catchesUpFromTheLastRepairingRunIgnoringDryRuns() throws Exception {
    lakeHour("2026-03-01", 0);
    log.record(run("2026-03-02T08:00:00Z", "2026-03-02T09:30:00Z", false), List.of());
    log.record(run("2026-03-02T09:00:00Z", "2026-03-02T12:00:00Z", true), List.of());

    assertThat(schedule.tick()).isEqualTo(3);

    assertThat(ranges)
        .containsExactly(
            "2026-03-02T09:30:00Z..2026-03-02T10:00:00Z",
            "2026-03-02T10:00:00Z..2026-03-02T11:00:00Z",
            "2026-03-02T11:00:00Z..2026-03-02T12:00:00Z");
  }

  @Test
  void aDaysLastHourIsReconciledWithTheWholeDaySoItsDaysAreCompared() throws Exception {
    clock.set(Instant.parse("2026-03-02T01:30:00Z"));
    lakeHour("2026-03-01", 22);

    assertThat(schedule.tick()).isEqualTo(3);

    assertThat(ranges)
        .containsExactly(
            "2026-03-01T22:00:00Z..2026-03-01T23:00:00Z",
            "2026-03-01T00:00:00Z..2026-03-02T00:00:00Z",
            "2026-03-02T00:00:00Z..2026-03-02T01:00:00Z");
    assertThat(log.reconciledThrough()).isEqualTo(at("2026-03-02T01:00:00Z"));
  }

  @Test
  void aFailedRunIsRetriedFromTheSameHourNextTick() throws Exception {
    lakeHour("2026-03-02", 10);
    failing = true;

    assertThat(schedule.tick()).isZero();
    assertThat(log.reconciledThrough()).isEqualTo(-1);

    failing = false;
    assertThat(schedule.tick()).isEqualTo(2);
    assertThat(ranges)
        .containsExactly(
            "2026-03-02T10:00:00Z..2026-03-02T11:00:00Z",
            "2026-03-02T11:00:00Z..2026-03-02T12:00:00Z");
  }

  @Test
  void aTickWhileAnotherRunGoesOnLeavesItsHoursForTheNext() throws Exception {
    lakeHour("2026-03-02", 11);
    CountDownLatch release = new CountDownLatch(1);
    try (ReconciliationJobs busy =
        new ReconciliationJobs(
            (from, to, dryRun, progress) -> {
              release.await(10, TimeUnit.SECONDS);
              return new ReconciliationRun(1, 0, from, to, dryRun, Comparison.NONE, 0, 0);
            })) {
      ReconciliationSchedule sharing = scheduleSharing(busy);
      assertThat(busy.start(0, 60_000, true, ReconciliationJob.Origin.ON_DEMAND)).isPresent();

      assertThat(sharing.tick()).isZero();
      assertThat(busy.start(0, 60_000, true, ReconciliationJob.Origin.ON_DEMAND)).isEmpty();
      release.countDown();
    }
  }

  /** Hourly, settling 10 minutes, looking back 3 hours on first start. */
  private ReconciliationSchedule scheduleSharing(ReconciliationJobs runner) {
    return new ReconciliationSchedule(
        new ReconciliationSchedule.Settings(Duration.ofHours(1), SETTLE, Duration.ofHours(3)),
        clock,
        runner,
        log,
        dir.resolve("lake"));
  }

  private void lakeHour(String day, int hour) throws Exception {
    Path folder =
        dir.resolve("lake").resolve("dt=" + day).resolve(String.format("hour=%02d", hour));
    Files.createDirectories(folder);
    Files.createFile(folder.resolve("clicks-0.parquet"));
  }

  private ReconciliationRun run(String from, String to, boolean dryRun) {
    return new ReconciliationRun(0, 0, at(from), at(to), dryRun, Comparison.NONE, 0, 0);
  }

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  /** A clock the test sets. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
