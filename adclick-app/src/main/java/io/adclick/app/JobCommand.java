package io.adclick.app;

import io.adclick.app.embedded.JobStateBackend;
import io.adclick.stream.ClickAggregationJob;
import io.adclick.stream.JobSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.runtime.client.JobStatusMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code adclick job submit} and {@code adclick job stop}: run the aggregation job on a Flink
 * cluster, and stop it with a savepoint to start the next version from.
 */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = "The aggregation job on a Flink cluster.",
    subcommands = {JobCommand.Submit.class, JobCommand.Stop.class})
final class JobCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Submits the job jar to a running session cluster and waits until the job runs. */
  @Command(
      name = "submit",
      mixinStandardHelpOptions = true,
      description = {
        "Submit the aggregation job (adclick-job.jar) to a running Flink session cluster and wait",
        "until it runs. Refuses when a job of the same name is already running there.",
        "Exit code 0 once running, 1 if the cluster refused or the job failed to start."
      })
  static final class Submit implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin FlinkTarget flink;

    @Option(
        names = "--jar",
        defaultValue = "${env:ADCLICK_JOB_JAR}",
        description =
            "The job jar (env ADCLICK_JOB_JAR; default: adclick-job/target/adclick-job.jar"
                + " next to this installation).")
    Path jar;

    @Option(
        names = "--kafka",
        required = true,
        defaultValue = "${env:ADCLICK_KAFKA_BOOTSTRAP}",
        description = "Bootstrap servers the job reads clicks from (env ADCLICK_KAFKA_BOOTSTRAP).")
    String kafka;

    @Option(
        names = "--store",
        required = true,
        defaultValue = "${env:ADCLICK_STORE}",
        description = "The metrics store the job writes, e.g. clickhouse://host:8123/adclick.")
    String store;

    @Option(
        names = "--lake",
        required = true,
        defaultValue = "${env:ADCLICK_LAKE}",
        description = "Where clicks are archived as Parquet: a Flink filesystem URI.")
    String lake;

    @Option(
        names = "--checkpoints",
        required = true,
        defaultValue = "${env:ADCLICK_CHECKPOINTS}",
        description = "Where checkpoints go: a Flink filesystem URI all Flink processes reach.")
    String checkpoints;

    @Option(
        names = "--checkpoint-interval",
        defaultValue = "10s",
        converter = DurationConverter.class,
        description = "How often the job checkpoints (default ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(
        names = "--parallelism",
        defaultValue = "2",
        description = "Subtasks per operator (default ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
        names = "--state-backend",
        defaultValue = "forst",
        description = "forst (on local disk, fixed memory) or hashmap (default ${DEFAULT-VALUE}).")
    String stateBackend;

    @Option(
        names = "--restore-from",
        description = {
          "A retained checkpoint or savepoint to start from (after an upgrade), or `latest`: the",
          "newest completed checkpoint under --checkpoints (after the job or cluster was lost)."
        })
    String restoreFrom;

    @Option(
        names = "--topic",
        defaultValue = JobSettings.DEFAULT_TOPIC,
        description = "The click topic (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(
        names = "--token-lifetime",
        defaultValue = "24h",
        converter = DurationConverter.class,
        description =
            "How long a click link counts; must match the click services' (default"
                + " ${DEFAULT-VALUE}).")
    Duration tokenLifetime;

    @Option(
        names = "--flush-interval",
        defaultValue = "5s",
        converter = DurationConverter.class,
        description = "How often partial counts are published (default ${DEFAULT-VALUE}).")
    Duration flushInterval;

    @Option(
        names = "--wait",
        defaultValue = "2m",
        converter = DurationConverter.class,
        description = "How long to wait for the job to run (default ${DEFAULT-VALUE}).")
    Duration wait;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      JobSettings settings;
      ClusterJobConfig config;
      FlinkAddress address = flink.address(spec);
      try {
        settings =
            new JobSettings(
                kafka,
                topic,
                JobSettings.DEFAULT_GROUP,
                store,
                lake,
                flushInterval,
                JobSettings.DEFAULT_MAX_OUT_OF_ORDERNESS,
                JobSettings.DEFAULT_ALLOWED_LATENESS,
                JobSettings.DEFAULT_CORRECTION_HORIZON,
                JobSettings.DEFAULT_IDLE_TIMEOUT,
                tokenLifetime);
        config =
            new ClusterJobConfig(
                checkpoints,
                checkpointInterval,
                parallelism,
                JobStateBackend.parse(stateBackend),
                Optional.ofNullable(restoreFrom).filter(s -> !s.isBlank()));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      if (RetainedCheckpoints.LATEST.equals(config.restoreFrom().orElse(null))) {
        Optional<String> latest = RetainedCheckpoints.latest(checkpoints);
        if (latest.isEmpty()) {
          throw new ParameterException(
              spec.commandLine(),
              "--restore-from latest: no completed checkpoint under " + checkpoints);
        }
        out.printf("restoring from %s%n", latest.get());
        config = config.restoringFrom(latest.get());
      }
      Path jobJar = jar != null ? jar : JobJar.besideInstallation();
      if (!Files.isRegularFile(jobJar)) {
        throw new ParameterException(
            spec.commandLine(),
            "no job jar at " + jobJar + " (build it with `mvn package -pl adclick-job -am`)");
      }
      ClusterJobSubmission submission = new ClusterJobSubmission(address, jobJar, out);
      return submission.submit(ClickAggregationJob.JOB_NAME, settings, config, wait) ? 0 : 1;
    }
  }

  /** Stops the running job with a savepoint and prints where it is. */
  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = {
        "Stop the running aggregation job with a savepoint (its open buckets and dedup state) and",
        "print the savepoint's path: start the next version from it with `job submit",
        "--restore-from <path>`. Clicks logged meanwhile wait in Kafka. Exit code 0 when",
        "stopped, 1 if no job runs or Flink could not take the savepoint."
      })
  static final class Stop implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin FlinkTarget flink;

    @Option(
        names = "--savepoints",
        description =
            "Where the savepoint goes: a Flink filesystem URI (default: the cluster's"
                + " execution.checkpointing.savepoint-dir).")
    String savepoints;

    @Option(
        names = "--wait",
        defaultValue = "5m",
        converter = DurationConverter.class,
        description = "How long the savepoint may take (default ${DEFAULT-VALUE}).")
    Duration wait;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      FlinkAddress address = flink.address(spec);
      try (FlinkSession session = FlinkSession.connect(address)) {
        Optional<JobStatusMessage> job = session.activeJobNamed(ClickAggregationJob.JOB_NAME);
        if (job.isEmpty()) {
          out.printf("no %s job is running on %s%n", ClickAggregationJob.JOB_NAME, address);
          return 1;
        }
        String path = session.stopWithSavepoint(job.get().getJobId(), savepoints, wait);
        out.printf("stopped job %s with savepoint %s%n", job.get().getJobId(), path);
        return 0;
      } catch (FlinkSession.UnreachableException | IllegalStateException e) {
        out.println(e.getMessage());
        return 1;
      } finally {
        out.flush();
      }
    }
  }
}
