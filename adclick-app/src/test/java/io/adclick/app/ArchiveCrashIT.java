package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.app.embedded.EmbeddedKafkaBroker;
import io.adclick.stream.ArchiveFiles;
import io.adclick.stream.LoggedClick;
import io.adclick.testing.LocalPorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive's exactly-once promise under the hardest stop: the server is killed with SIGKILL
 * while clicks flow and part files are open, then restarted on the same data directory. Its Kafka
 * broker runs in the test, so it survives the kill and the test can read the clicks topic
 * afterwards: the committed Parquet files must hold every record of the topic once, no more and no
 * fewer, with the fields the log holds.
 */
class ArchiveCrashIT {
  private static final String TOPIC = "clicks";

  @TempDir Path kafkaDir;
  @TempDir Path dataDir;
  @TempDir Path work;

  @Test
  void killedMidArchiveTheCommittedFilesHoldEachLoggedClickExactlyOnce() throws Exception {
    Path lake = dataDir.resolve("lake");
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(kafkaDir, 0);
        ServerProcess server =
            new ServerProcess(
                dataDir, LocalPorts.free(), work.resolve("server.log"), kafka.bootstrapServers())) {
      String bootstrap = kafka.bootstrapServers();
      server.startHealthy();
      CompletableFuture<String> load =
          CompletableFuture.supplyAsync(() -> loadgen(server, work.resolve("ledger.tsv")));

      // The kill lands once a checkpoint has committed part files, with clicks still flowing.
      Eventually.assertThat(
          Duration.ofSeconds(60),
          "a committed part file and 1,500 logged clicks while the load runs",
          () -> {
            if (load.isDone()) {
              throw new AssertionError("loadgen ended before the kill: " + load.join());
            }
            return !ArchiveFiles.committed(lake).isEmpty()
                && TopicClicks.count(bootstrap, TOPIC) >= 1_500;
          });
      server.kill();
      long loggedAtKill = TopicClicks.count(bootstrap, TOPIC);
      Set<Path> committedAtKill = Set.copyOf(ArchiveFiles.committed(lake));
      List<Path> openAtKill =
          ArchiveFiles.files(lake).stream().filter(f -> !ArchiveFiles.isCommitted(f)).toList();
      assertThat(openAtKill).as("part files the kill caught open").isNotEmpty();

      // The restarted server takes clicks (and logs them) before its job is up and it is healthy.
      server.startHealthy();
      String loadOutput = load.get(3, TimeUnit.MINUTES);
      assertThat(loadOutput).contains("LOADGEN ");
      assertThat(TopicClicks.count(bootstrap, TOPIC))
          .as("clicks logged after the restart")
          .isGreaterThan(loggedAtKill + 500);

      Eventually.assertThat(
          Duration.ofSeconds(60),
          "the archive holds as many rows as the topic has records",
          () -> ArchiveFiles.rows(lake).size() >= TopicClicks.count(bootstrap, TOPIC));
      List<LoggedClick> topic = TopicClicks.readAll(bootstrap, TOPIC);
      List<LoggedClick> archived =
          ArchiveFiles.rows(lake).stream().map(ArchiveFiles.Row::logged).toList();
      assertSameRecordsOnce(archived, topic);

      Set<Path> committedAfter = new HashSet<>(ArchiveFiles.committed(lake));
      assertThat(committedAtKill).as("files committed before the kill").isNotEmpty();
      assertThat(committedAfter).containsAll(committedAtKill);
      committedAfter.removeAll(committedAtKill);
      assertThat(committedAfter).as("files committed after the kill").isNotEmpty();
      // The files the kill caught open were never committed: a reader must skip them, and did.
      assertThat(ArchiveFiles.files(lake))
          .as("hidden part files left in the lake")
          .anyMatch(f -> !ArchiveFiles.isCommitted(f));
      assertThat(archived.stream().map(LoggedClick::partition).collect(Collectors.toSet()))
          .containsExactlyInAnyOrder(0, 1);
    }
  }

  /**
   * Each (partition, offset) of the topic is archived once, none is archived that the topic lacks,
   * and each archived row is the click the topic holds at its position.
   */
  private static void assertSameRecordsOnce(List<LoggedClick> archived, List<LoggedClick> topic) {
    Map<Position, LoggedClick> logged =
        topic.stream().collect(Collectors.toMap(Position::of, Function.identity()));
    Map<Position, Long> timesArchived = new HashMap<>();
    archived.forEach(row -> timesArchived.merge(Position.of(row), 1L, Long::sum));
    assertThat(topic).as("clicks logged").hasSizeGreaterThan(3_000);
    assertThat(timesArchived.entrySet().stream().filter(e -> e.getValue() > 1).toList())
        .as("positions archived more than once")
        .isEmpty();
    assertThat(logged.keySet().stream().filter(p -> !timesArchived.containsKey(p)).toList())
        .as("logged clicks missing from the archive")
        .isEmpty();
    assertThat(timesArchived.keySet().stream().filter(p -> !logged.containsKey(p)).toList())
        .as("archived positions the topic does not have")
        .isEmpty();
    assertThat(archived.stream().filter(row -> !row.equals(logged.get(Position.of(row)))).toList())
        .as("archived rows whose click differs from the topic's record")
        .isEmpty();
  }

  private static String loadgen(ServerProcess server, Path ledger) {
    return Cli.loadgen(
            server.baseUrl(),
            "--rate",
            "300",
            "--duration",
            "40s",
            "--ads",
            "10",
            "--zipf",
            "1",
            "--duplicate-ratio",
            "0.1",
            "--connections",
            "8",
            "--timeout",
            "3s",
            "--seed",
            "11",
            "--ledger",
            ledger.toString())
        .output();
  }

  private record Position(int partition, long offset) {
    static Position of(LoggedClick click) {
      return new Position(click.partition(), click.offset());
    }
  }
}
