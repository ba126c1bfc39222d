package io.adclick.bench;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/** How Flink finds {@link MetricsTap} (listed in META-INF/services). */
public final class MetricsTapFactory implements MetricReporterFactory {
  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    return MetricsTap.SHARED;
  }
}
