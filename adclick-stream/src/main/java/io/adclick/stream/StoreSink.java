package io.adclick.stream;

import io.adclick.store.BucketCount;
import io.adclick.store.MetricsStore;
import io.adclick.store.MetricsStores;
import java.time.Duration;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes running totals to the metrics store. Upserts of running totals are idempotent, so after a
 * failure the replay from the last checkpoint rewrites the same numbers: no two-phase commit is
 * needed for exactly-once counts.
 */
final class StoreSink implements Sink<BucketCount> {

  private static final long serialVersionUID = 1L;

  private final String storeUri;
  private final long allowedLateness;

  StoreSink(String storeUri, Duration allowedLateness) {
    this.storeUri = storeUri;
    this.allowedLateness = allowedLateness.toMillis();
  }

  @Override
  public SinkWriter<BucketCount> createWriter(WriterInitContext context) {
    MetricsStore store = MetricsStores.open(storeUri);
    return new StoreSinkWriter(
        store,
        allowedLateness,
        store.preferredBatchSize(),
        MillisClock.SYSTEM,
        context.metricGroup());
  }
}
