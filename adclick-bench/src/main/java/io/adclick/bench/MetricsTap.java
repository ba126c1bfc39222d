package io.adclick.bench;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;

/**
 * A Flink metrics reporter that keeps the live metric objects, so the benchmark reads the job's own
 * counters in-process (no REST port to discover, no JSON). Flink creates reporters by factory class
 * name, hence the one shared instance.
 */
public final class MetricsTap implements MetricReporter {
  static final MetricsTap SHARED = new MetricsTap();

  private static final String JOB_ID = "<job_id>";
  private static final String OPERATOR = "<operator_name>";

  private final Set<Tapped> metrics = ConcurrentHashMap.newKeySet();

  private MetricsTap() {}

  private record Tapped(String name, Map<String, String> variables, Metric metric) {}

  /** Sum over all subtasks of an operator's counter in one job; 0 until the tasks are deployed. */
  long operatorCount(JobID job, String operator, String counter) {
    long sum = 0;
    for (Tapped t : metrics) {
      if (t.name.equals(counter)
          && operator.equals(t.variables.get(OPERATOR))
          && job.toString().equals(t.variables.get(JOB_ID))
          && t.metric instanceof Counter c) {
        sum += c.getCount();
      }
    }
    return sum;
  }

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    metrics.add(new Tapped(name, Map.copyOf(group.getAllVariables()), metric));
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    metrics.removeIf(t -> t.metric == metric && t.name.equals(name));
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}
}
