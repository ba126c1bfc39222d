package io.adclick.reconcile;

import static io.adclick.reconcile.TestLake.advertiserOf;
import static io.adclick.reconcile.TestLake.candidate;
import static io.adclick.time.Granularity.HOUR;
import static io.adclick.time.Granularity.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.store.BucketCount;
import io.adclick.store.BucketTotal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Whole runs against the real embedded store, real Parquet files and a real log file. */
class ReconciliationTest extends LakeAndStoreTest {

  private static final long HOUR_10 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private ReconciliationLog log;
  private Reconciliation reconciliation;

  @BeforeEach
  void setUp() throws Exception {
    lake.commit(
        candidate(7, 1, "2026-03-01T10:00:10Z", 0, 100),
        candidate(7, 2, "2026-03-01T10:00:20Z", 0, 101));
    // A minute 3 too high, the hours above it right.
    store.upsert(
        List.of(
            new BucketCount(MINUTE, advertiserOf(7), 7, HOUR_10, 5, 0),
            new BucketCount(HOUR, advertiserOf(7), 7, HOUR_10, 2, 0),
            new BucketCount(HOUR, advertiserOf(7), BucketCount.ADVERTISER_TOTAL, HOUR_10, 2, 0)));
    log = ReconciliationLog.open(dir.resolve("reconciliation.duckdb"));
    reconciliation =
        new Reconciliation(audit, new StoreRepair(store), log, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void closeLog() throws Exception {
    log.close();
  }

  @Test
  void aDryRunRecordsWhatItFoundAndChangesNothing() throws Exception {
    ReconciliationRun run = reconciliation.run(HOUR_10, HOUR_10 + HOUR.millis(), true);

    assertThat(run.id()).isEqualTo(1);
    // the minute and the ad's and advertiser's hours
    assertThat(run.found()).isEqualTo(new Comparison(3, 1, 0, 3));
    assertThat(run.corrections()).isZero();
    assertThat(store.adSeries(MINUTE, advertiserOf(7), 7, HOUR_10, HOUR_10 + HOUR.millis()))
        .containsExactly(new BucketTotal(HOUR_10, 5));
    assertThat(log.runs(10)).containsExactly(run);
  }

  @Test
  void aRunRepairsAndItsRecordSurvivesReopening() throws Exception {
    ReconciliationRun run = reconciliation.run(HOUR_10, HOUR_10 + HOUR.millis(), false);
    ReconciliationRun again = reconciliation.run(HOUR_10, HOUR_10 + HOUR.millis(), false);

    assertThat(store.adSeries(MINUTE, advertiserOf(7), 7, HOUR_10, HOUR_10 + HOUR.millis()))
        .containsExactly(new BucketTotal(HOUR_10, 2));
    assertThat(again.found().rowsDiffering()).isZero();
    List<Correction> made = log.corrections(run.id());
    log.close();
    log = ReconciliationLog.open(dir.resolve("reconciliation.duckdb"));
    assertThat(log.runs(10)).containsExactly(again, run);
    assertThat(log.corrections(run.id())).isEqualTo(made);
    assertThat(made)
        .first()
        .isEqualTo(
            new Correction(MINUTE, advertiserOf(7), 7, HOUR_10, 5, 2, Correction.Reason.RECOUNT));
    assertThat(made).hasSize((int) run.corrections());
    assertThat(log.corrections(again.id())).isEmpty();
    assertThat(log.corrections(99)).isEmpty();
  }

  @Test
  void aRunReportsTheMinutesComparedAfterEachDay() throws Exception {
    List<Long> reported = new java.util.ArrayList<>();
    long from = HOUR_10 - 10 * HOUR.millis();
    long to = from + 36 * HOUR.millis();

    reconciliation.run(from, to, true, reported::add);

    assertThat(reported).containsExactly(24 * 60L, 36 * 60L);
  }
}
