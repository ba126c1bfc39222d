package io.adclick.admin;

import io.adclick.reconcile.Correction;
import io.adclick.reconcile.ReconciliationJob;
import io.adclick.reconcile.ReconciliationRun;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The JSON shapes of the reconciliation endpoints, as documented in openapi.json. */
final class ReconciliationViews {
  private ReconciliationViews() {}

  /** A recorded run; for a dry run the clicks are those a repair would add and remove. */
  record RunView(
      long id,
      String startedAt,
      String from,
      String to,
      boolean dryRun,
      long rowsChecked,
      long rowsDiffering,
      long clicksToAdd,
      long clicksToRemove,
      long corrections,
      long durationMs) {
    static RunView of(ReconciliationRun run) {
      return new RunView(
          run.id(),
          iso(run.startedAt()),
          iso(run.from()),
          iso(run.to()),
          run.dryRun(),
          run.found().rowsChecked(),
          run.found().rowsDiffering(),
          run.found().clicksToAdd(),
          run.found().clicksToRemove(),
          run.corrections(),
          run.durationMillis());
    }
  }

  record Runs(List<RunView> runs) {}

  /**
   * @param adId 0 for the advertiser's total
   */
  record CorrectionView(
      String granularity,
      long advertiserId,
      long adId,
      String bucketStart,
      long before,
      long after,
      String reason) {
    static CorrectionView of(Correction c) {
      return new CorrectionView(
          c.granularity().apiName(),
          c.advertiserId(),
          c.adId(),
          iso(c.bucketStart()),
          c.before(),
          c.after(),
          c.reason().name().toLowerCase(Locale.ROOT));
    }
  }

  record Corrections(long runId, List<CorrectionView> corrections, boolean truncated) {}

  /**
   * @param progress minutes compared of the range's minutes, 0..1; the repair follows the last
   *     minute compared
   */
  record JobView(
      long id,
      String origin,
      String state,
      String from,
      String to,
      boolean dryRun,
      long minutesCompared,
      long minutesTotal,
      double progress,
      RunView run,
      String error) {
    static JobView of(ReconciliationJob job) {
      ReconciliationRun run = job.run();
      long compared = job.minutesCompared();
      return new JobView(
          job.id(),
          job.origin().name().toLowerCase(Locale.ROOT),
          job.state().name().toLowerCase(Locale.ROOT),
          iso(job.from()),
          iso(job.to()),
          job.dryRun(),
          compared,
          job.minutesTotal(),
          (double) compared / job.minutesTotal(),
          run == null ? null : RunView.of(run),
          job.error());
    }
  }

  static String iso(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
