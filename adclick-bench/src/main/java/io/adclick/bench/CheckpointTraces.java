package io.adclick.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.traces.Span;
import org.apache.flink.traces.reporter.TraceReporter;

/**
 * A Flink trace reporter that keeps the span of every completed checkpoint: exact trigger-to-ack
 * durations and sizes of each one, where polling the "last checkpoint" gauges could miss some.
 */
public final class CheckpointTraces implements TraceReporter {
  static final CheckpointTraces SHARED = new CheckpointTraces();

  private static final String CHECKPOINT_SPAN = "Checkpoint";
  private static final String COMPLETED = "COMPLETED";

  private record Traced(Map<String, Object> attributes, CheckpointTrace checkpoint) {}

  private final List<Traced> completed = new CopyOnWriteArrayList<>();

  private CheckpointTraces() {}

  /** The job's completed checkpoints, oldest first. */
  List<CheckpointTrace> of(JobID job) {
    // Spans carry the job's metric variables as attributes; matching the value spares us
    // depending on how a Flink version spells the key.
    return completed.stream()
        .filter(t -> t.attributes.containsValue(job.toString()))
        .map(Traced::checkpoint)
        .toList();
  }

  @Override
  public void notifyOfAddedSpan(Span span) {
    Map<String, Object> attributes = span.getAttributes();
    if (!CHECKPOINT_SPAN.equals(span.getName())
        || !COMPLETED.equals(String.valueOf(attributes.get("checkpointStatus")))) {
      return;
    }
    completed.add(
        new Traced(
            Map.copyOf(attributes),
            new CheckpointTrace(
                number(attributes, "checkpointId"),
                span.getStartTsMillis(),
                Duration.ofMillis(span.getEndTsMillis() - span.getStartTsMillis()),
                number(attributes, "fullSize"),
                number(attributes, "checkpointedSize"))));
  }

  private static long number(Map<String, Object> attributes, String key) {
    return attributes.get(key) instanceof Number n ? n.longValue() : -1;
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}
}
