package io.adclick.app;

import io.adclick.click.ClickTopic;
import io.adclick.click.TopicSettings;
import io.adclick.stream.JobSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adclick kafka init}: create the click topics on a cluster before anything runs. */
@Command(
    name = "kafka",
    mixinStandardHelpOptions = true,
    description = "Kafka cluster set-up.",
    subcommands = {KafkaCommand.Init.class})
final class KafkaCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Creates {@code clicks} and {@code clicks-late}, idempotently; an existing topic is kept. */
  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description =
          "Create the click topic and its late-click topic with the given partitions, replication,"
              + " min.insync.replicas and retention; topics that exist are left as they are.")
  static final class Init implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
        names = "--kafka",
        required = true,
        defaultValue = "${env:ADCLICK_KAFKA_BOOTSTRAP}",
        description = "Bootstrap servers of the cluster (env ADCLICK_KAFKA_BOOTSTRAP).")
    String kafka;

    @Option(
        names = "--topic",
        defaultValue = JobSettings.DEFAULT_TOPIC,
        description = "The click topic (default ${DEFAULT-VALUE}); its late topic is <topic>-late.")
    String topic;

    @Option(
        names = "--partitions",
        defaultValue = "${env:ADCLICK_PARTITIONS:-4}",
        description = "Partitions of each topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
        names = "--replication",
        defaultValue = "3",
        description = "Copies of each partition (default ${DEFAULT-VALUE}).")
    int replication;

    @Option(
        names = "--min-insync",
        defaultValue = "2",
        description =
            "Copies that must have a click before Kafka acknowledges it (default ${DEFAULT-VALUE}).")
    int minInsync;

    @Option(
        names = "--retention",
        defaultValue = "7d",
        converter = DurationConverter.class,
        description = "How long Kafka keeps clicks (default ${DEFAULT-VALUE}).")
    Duration retention;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      TopicSettings settings;
      try {
        settings = new TopicSettings(partitions, replication, minInsync, retention);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      for (String name : List.of(topic, JobSettings.lateTopicOf(topic))) {
        try {
          boolean created = ClickTopic.ensure(kafka, name, settings);
          out.println((created ? "created " : "exists, left as it is: ") + name);
        } catch (ExecutionException e) {
          spec.commandLine()
              .getErr()
              .println("adclick kafka init: " + name + ": " + e.getCause().getMessage());
          return 1;
        }
      }
      out.flush();
      return 0;
    }
  }
}
