package io.adclick.bench;

import java.util.Properties;
import org.apache.flink.traces.reporter.TraceReporter;
import org.apache.flink.traces.reporter.TraceReporterFactory;

/** How Flink finds {@link CheckpointTraces} (listed in META-INF/services). */
public final class CheckpointTracesFactory implements TraceReporterFactory {
  @Override
  public TraceReporter createTraceReporter(Properties properties) {
    return CheckpointTraces.SHARED;
  }
}
