package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.app.embedded.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code adclick kafka init} against a real (single) broker. */
class KafkaInitIT {

  @TempDir static Path dir;
  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void start() throws Exception {
    broker = EmbeddedKafkaBroker.start(dir, 0);
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void createsBothTopicsWithTheirSettingsAndAgainChangesNothing() throws Exception {
    String[] args = {
      "kafka",
      "init",
      "--kafka",
      broker.bootstrapServers(),
      "--topic",
      "init-a",
      "--partitions",
      "3",
      "--replication",
      "1",
      "--min-insync",
      "1",
      "--retention",
      "3d"
    };

    Run first = run(args);
    Run again = run(args);

    assertThat(first.exit).isZero();
    assertThat(first.out).contains("created init-a", "created init-a-late");
    assertThat(again.exit).isZero();
    assertThat(again.out).contains("exists, left as it is: init-a");
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      assertThat(
              admin
                  .describeTopics(List.of("init-a"))
                  .allTopicNames()
                  .get(10, TimeUnit.SECONDS)
                  .get("init-a")
                  .partitions())
          .hasSize(3);
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "init-a-late");
      Config config =
          admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
      assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value())
          .isEqualTo(String.valueOf(3L * 24 * 3600 * 1000));
      assertThat(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()).isEqualTo("1");
    }
  }

  @Test
  void moreCopiesThanBrokersIsRefusedWithKafkasReason() {
    Run refused = run("kafka", "init", "--kafka", broker.bootstrapServers(), "--topic", "init-b");

    assertThat(refused.exit).isEqualTo(1);
    assertThat(refused.err).contains("init-b").containsIgnoringCase("replication factor");
  }

  @Test
  void moreAcknowledgementsThanCopiesIsAUsageError() {
    Run refused =
        run(
            "kafka",
            "init",
            "--kafka",
            broker.bootstrapServers(),
            "--topic",
            "init-c",
            "--replication",
            "1",
            "--min-insync",
            "2");

    assertThat(refused.exit).isEqualTo(2);
    assertThat(refused.err).contains("min.insync.replicas 2 exceeds the replication factor 1");
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        new CommandLine(new AdclickCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
