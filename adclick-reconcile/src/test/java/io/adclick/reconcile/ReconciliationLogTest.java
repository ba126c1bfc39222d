package io.adclick.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ReconciliationLog#reconciledThrough} over a real log file. */
class ReconciliationLogTest {

  private static final long HOUR = 3_600_000L;
  private static final long H10 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();

  @TempDir Path dir;
  private ReconciliationLog log;

  @BeforeEach
  void open() throws Exception {
    log = ReconciliationLog.open(dir.resolve("reconciliation.duckdb"));
  }

  @AfterEach
  void close() throws Exception {
    log.close();
  }

  @Test
  void nothingIsReconciledBeforeTheFirstRun() {
    assertThat(log.reconciledThrough()).isEqualTo(-1);
  }

  @Test
  void adjacentAndOverlappingRunsExtendIt() throws Exception {
    record(H10, H10 + HOUR, false);
    assertThat(log.reconciledThrough()).isEqualTo(H10 + HOUR);

    record(H10 + HOUR, H10 + 2 * HOUR, false);
    record(H10 + HOUR + HOUR / 2, H10 + 3 * HOUR, false);

    assertThat(log.reconciledThrough()).isEqualTo(H10 + 3 * HOUR);
  }

  @Test
  void aGapHoldsItBackUntilARunCoversTheGap() throws Exception {
    record(H10, H10 + HOUR, false);
    record(H10 + 2 * HOUR, H10 + 3 * HOUR, false);
    assertThat(log.reconciledThrough()).isEqualTo(H10 + HOUR);

    record(H10 + HOUR, H10 + 2 * HOUR, false);

    assertThat(log.reconciledThrough()).isEqualTo(H10 + 3 * HOUR);
  }

  @Test
  void aRunBeforeTheFirstStartsTheStretchEarlier() throws Exception {
    record(H10, H10 + HOUR, false);

    record(H10 - 3 * HOUR, H10 - 2 * HOUR, false);

    assertThat(log.reconciledThrough()).isEqualTo(H10 - 2 * HOUR);
  }

  @Test
  void dryRunsNeitherStartNorExtendNorFillIt() throws Exception {
    record(H10 - HOUR, H10, true);
    assertThat(log.reconciledThrough()).isEqualTo(-1);

    record(H10, H10 + HOUR, false);
    record(H10 + HOUR, H10 + 2 * HOUR, true);
    record(H10 + 2 * HOUR, H10 + 3 * HOUR, false);

    assertThat(log.reconciledThrough()).isEqualTo(H10 + HOUR);
  }

  @Test
  void survivesReopening() throws Exception {
    record(H10, H10 + HOUR, false);
    record(H10 + HOUR, H10 + 2 * HOUR, false);
    record(H10 + 3 * HOUR, H10 + 4 * HOUR, false);
    log.close();

    log = ReconciliationLog.open(dir.resolve("reconciliation.duckdb"));

    assertThat(log.reconciledThrough()).isEqualTo(H10 + 2 * HOUR);
  }

  private void record(long from, long to, boolean dryRun) throws Exception {
    log.record(
        new ReconciliationRun(0, to + HOUR, from, to, dryRun, Comparison.NONE, 0, 5), List.of());
  }
}
