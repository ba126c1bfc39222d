package io.adclick.bench;

import io.adclick.app.embedded.JobRuntime;
import io.adclick.app.embedded.JobStateBackend;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.util.FileUtils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How fast the aggregation job alone drains a pre-filled topic, what its state costs at that scale,
 * and how long it takes to restore: see bench/job-throughput.sh. Exits 1 unless the store's counts
 * are exact, before and after the restore.
 */
@Command(
    name = "job-throughput",
    mixinStandardHelpOptions = true,
    description =
        "Fills an embedded Kafka topic, drains it with the aggregation job on a MiniCluster,"
            + " checks the counts, then measures checkpoints and the restore.")
public final class JobThroughputBenchmark implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--clicks", defaultValue = "10000000", description = "clicks in the topic")
  long clicks;

  @Option(names = "--ads", defaultValue = "100000", description = "ads the clicks spread over")
  int ads;

  @Option(
      names = "--duplicate-ratio",
      defaultValue = "0.05",
      description = "share of clicks repeating an impression")
  double duplicateRatio;

  @Option(
      names = "--span-minutes",
      defaultValue = "60",
      description = "click times cover this many minutes before the fill")
  long spanMinutes;

  @Option(
      names = "--users",
      defaultValue = "0",
      description = "clicks carry a user key drawn from this many users (0: none)")
  long users;

  @Option(names = "--partitions", defaultValue = "4")
  int partitions;

  @Option(names = "--parallelism", defaultValue = "2")
  int parallelism;

  @Option(
      names = "--state-backend",
      defaultValue = "forst",
      converter = BackendConverter.class,
      description = "forst (on disk, as the server) or hashmap (heap)")
  JobStateBackend stateBackend;

  @Option(names = "--checkpoint-interval-ms", defaultValue = "5000")
  long checkpointIntervalMillis;

  @Option(
      names = "--compression",
      defaultValue = "none",
      description = "compression.type of the filling producer")
  String compression;

  @Option(names = "--timeout-minutes", defaultValue = "60", description = "bounds the whole run")
  long timeoutMinutes;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Option(names = "--keep", description = "keep the temporary broker, checkpoint, store dirs")
  boolean keep;

  public static void main(String[] args) {
    int exit = new CommandLine(new JobThroughputBenchmark()).execute(args);
    // Flink and Kafka leave non-daemon threads behind; the result is in, so end here.
    System.exit(exit);
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    BenchSettings settings =
        new BenchSettings(
            new ClickPlan(
                clicks, ads, duplicateRatio, Duration.ofMinutes(spanMinutes), users, seed),
            partitions,
            new JobRuntime(parallelism, Duration.ofMillis(checkpointIntervalMillis), stateBackend),
            compression,
            Duration.ofMinutes(timeoutMinutes));
    Path workDir = Files.createTempDirectory("adclick-jobbench-");
    out.println("work dir " + workDir + (keep ? " (kept)" : " (deleted at the end)"));
    try {
      BenchReport report =
          new BenchRun(settings, workDir, new Progress(out, Duration.ofSeconds(5))).run();
      out.println(report.summary());
      out.println(report.machineLine());
      out.flush();
      return report.passed() ? 0 : 1;
    } finally {
      if (!keep) {
        FileUtils.deleteDirectory(workDir.toFile());
      }
    }
  }

  static final class BackendConverter implements CommandLine.ITypeConverter<JobStateBackend> {
    @Override
    public JobStateBackend convert(String value) {
      return JobStateBackend.parse(value);
    }
  }
}
