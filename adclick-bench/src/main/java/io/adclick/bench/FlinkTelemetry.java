package io.adclick.bench;

import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** Flink settings that attach {@link MetricsTap} and {@link CheckpointTraces} to the job. */
final class FlinkTelemetry {
  private static final String NAME = "adclickbench";

  private FlinkTelemetry() {}

  static Configuration reporters() {
    Configuration conf = new Configuration();
    conf.set(
        ConfigOptions.key("metrics.reporter." + NAME + ".factory.class")
            .stringType()
            .noDefaultValue(),
        MetricsTapFactory.class.getName());
    conf.set(
        ConfigOptions.key("traces.reporter." + NAME + ".factory.class")
            .stringType()
            .noDefaultValue(),
        CheckpointTracesFactory.class.getName());
    return conf;
  }
}
