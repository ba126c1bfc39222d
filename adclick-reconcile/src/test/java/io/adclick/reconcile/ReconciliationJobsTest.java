package io.adclick.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One reconciliation at a time, followed from start to its recorded run or its failure. */
class ReconciliationJobsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final long DAY = Duration.ofDays(1).toMillis();

  @Test
  void aJobReportsItsProgressThenItsRun() throws Exception {
    CountDownLatch halfway = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (ReconciliationJobs jobs =
        new ReconciliationJobs(
            (from, to, dryRun, progress) -> {
              progress.accept(24 * 60);
              halfway.countDown();
              release.await(10, TimeUnit.SECONDS);
              return new ReconciliationRun(
                  7, 0, from, to, dryRun, new Comparison(3, 1, 2, 0), 0, 5);
            })) {
      ReconciliationJob job =
          jobs.start(0, 2 * DAY, true, ReconciliationJob.Origin.ON_DEMAND).orElseThrow();
      assertThat(halfway.await(10, TimeUnit.SECONDS)).isTrue();

      assertThat(job.state()).isEqualTo(ReconciliationJob.State.RUNNING);
      assertThat(job.minutesCompared()).isEqualTo(24 * 60);
      assertThat(job.minutesTotal()).isEqualTo(2 * 24 * 60);
      assertThat(jobs.start(0, DAY, true, ReconciliationJob.Origin.SCHEDULE)).isEmpty();
      release.countDown();

      assertThat(job.await(WAIT)).isTrue();
      assertThat(job.state()).isEqualTo(ReconciliationJob.State.SUCCEEDED);
      assertThat(job.run().id()).isEqualTo(7);
      assertThat(job.minutesCompared()).isEqualTo(job.minutesTotal());
      assertThat(jobs.job(job.id())).containsSame(job);
      assertThat(jobs.start(0, DAY, true, ReconciliationJob.Origin.SCHEDULE)).isPresent();
    }
  }

  @Test
  void aFailedJobSaysSoWithoutInternalsAndFreesTheRunner() throws Exception {
    try (ReconciliationJobs jobs =
        new ReconciliationJobs(
            (from, to, dryRun, progress) -> {
              throw new java.sql.SQLException("IO Error: /secret/path is broken");
            })) {
      ReconciliationJob job =
          jobs.start(0, DAY, false, ReconciliationJob.Origin.ON_DEMAND).orElseThrow();

      assertThat(job.await(WAIT)).isTrue();
      assertThat(job.state()).isEqualTo(ReconciliationJob.State.FAILED);
      assertThat(job.error()).contains("SQLException").doesNotContain("/secret");
      assertThat(job.run()).isNull();
      assertThat(jobs.running()).isEmpty();
    }
  }
}
