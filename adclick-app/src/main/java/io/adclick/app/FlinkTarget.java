package io.adclick.app;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The {@code --flink} option of the {@code adclick job} commands. */
final class FlinkTarget {

  @Option(
      names = "--flink",
      required = true,
      defaultValue = "${env:ADCLICK_FLINK}",
      description = "The JobManager's REST address, host:port (env ADCLICK_FLINK).")
  String flink;

  /** The parsed address; a malformed one is a usage error of {@code spec}'s command. */
  FlinkAddress address(CommandSpec spec) {
    try {
      return FlinkAddress.parse(flink);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
