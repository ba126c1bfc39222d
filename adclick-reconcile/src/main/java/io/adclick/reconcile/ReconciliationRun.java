package io.adclick.reconcile;

/**
 * One reconciliation run as recorded.
 *
 * @param id increasing from 1
 * @param startedAt epoch millis
 * @param from inclusive start of the range reconciled, epoch millis
 * @param to exclusive end
 * @param dryRun whether differences were only reported, not repaired
 * @param found what the comparison found
 * @param corrections buckets written by the repair (minutes and the hours, days and advertiser
 *     totals above them); 0 for a dry run
 * @param durationMillis from start to the record
 */
public record ReconciliationRun(
    long id,
    long startedAt,
    long from,
    long to,
    boolean dryRun,
    Comparison found,
    long corrections,
    long durationMillis) {}
