package io.adclick.reconcile;

import java.util.function.LongConsumer;

/**
 * Runs one reconciliation of a range: {@link Reconciliation#run(long, long, boolean,
 * LongConsumer)}.
 */
@FunctionalInterface
public interface RangeReconciler {
  ReconciliationRun run(long from, long to, boolean dryRun, LongConsumer minutesCompared)
      throws Exception;
}
