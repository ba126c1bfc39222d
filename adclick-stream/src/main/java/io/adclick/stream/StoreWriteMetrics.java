package io.adclick.stream;

import java.util.function.LongSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * What the store sink reports through Flink's metrics (on a cluster, its metric reporters: e.g.
 * Prometheus as {@code flink_taskmanager_job_task_operator_adclick_store_write_millis}): how long
 * each batch of upserts takes, how many batches and totals were written, and how far the store's
 * complete-through mark trails the clock.
 */
final class StoreWriteMetrics {
  /** Batches a subtask's latency distribution covers: at one batch a second, about 8 minutes. */
  static final int LATENCY_WINDOW = 500;

  final Histogram writeMillis;
  final Counter batches;
  final Counter totals;

  /**
   * @param completeThroughAge how far behind the clock the mark the writer last stored is; -1
   *     before the first
   */
  StoreWriteMetrics(MetricGroup operator, LongSupplier completeThroughAge) {
    MetricGroup group = operator.addGroup("adclick");
    this.writeMillis =
        group.histogram("store_write_millis", new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
    this.batches = group.counter("store_write_batches");
    this.totals = group.counter("store_written_totals");
    group.gauge("store_complete_through_age_millis", completeThroughAge::getAsLong);
  }

  void written(int size, long startNanos) {
    writeMillis.update((System.nanoTime() - startNanos) / 1_000_000);
    batches.inc();
    totals.inc(size);
  }
}
