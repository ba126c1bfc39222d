package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.event.ClickEvent;
import io.adclick.event.ClickKind;
import io.adclick.stream.ArchiveFiles;
import io.adclick.stream.LoggedClick;
import io.adclick.token.ImpressionId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real job on the embedded broker and a MiniCluster archives every click it reads (every kind,
 * repeats, a click long past its correction horizon) exactly once, in the folder of its UTC click
 * hour, with the partition and offset Kafka gave it; files still being written are hidden until
 * their checkpoint commits them.
 */
class ClickArchiveIT {
  private static final long HOUR = Duration.ofHours(1).toMillis();

  @TempDir Path kafkaDir;
  @TempDir Path dataDir;

  private final Random random = new Random(42);

  @Test
  void everyReadClickIsArchivedOnceInItsHourWithItsKafkaPosition() throws Exception {
    try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(kafkaDir, dataDir)) {
      Path lake = pipeline.lake();
      List<LoggedClick> expected = new ArrayList<>();
      for (ClickEvent click : batch(System.currentTimeMillis())) {
        expected.add(pipeline.produce(click));
      }
      // A trickle while looking: some part file is always open between two checkpoints.
      boolean uncommittedSeen = false;
      long now = System.currentTimeMillis();
      for (int i = 0; i < 200 && !uncommittedSeen; i++) {
        expected.add(pipeline.produce(click(1, id(), now, ClickKind.CANDIDATE)));
        List<Path> files = ArchiveFiles.files(lake);
        if (files.stream().anyMatch(f -> !ArchiveFiles.isCommitted(f))) {
          uncommittedSeen = true;
          // Reading the lake now must skip them (an open Parquet file has no footer yet).
          assertThat(ArchiveFiles.rows(lake).size()).isLessThanOrEqualTo(expected.size());
        }
        Thread.sleep(100); // pacing the trickle, not synchronization
      }
      assertThat(uncommittedSeen).as("an in-progress part file was seen").isTrue();

      Eventually.assertThat(
          Duration.ofSeconds(45),
          "the committed archive holds all " + expected.size() + " clicks",
          () -> ArchiveFiles.rows(lake).size() >= expected.size());
      assertArchiveHoldsExactly(lake, expected);

      // Later checkpoints commit nothing more: each click stays in the archive once.
      long seen = pipeline.newestCheckpoint();
      Eventually.assertThat(
          Duration.ofSeconds(30),
          "two more checkpoints",
          () -> pipeline.newestCheckpoint() >= seen + 2);
      assertArchiveHoldsExactly(lake, expected);
      assertThat(pipeline.jobStatus()).isEqualTo("RUNNING");
    }
  }

  /**
   * Every kind, repeats of an impression, the same click logged twice, clicks either side of an
   * hour boundary and one three hours old (past the correction horizon: the late output).
   */
  private List<ClickEvent> batch(long now) {
    List<ClickEvent> clicks = new ArrayList<>();
    long thisHour = now - now % HOUR;
    for (ClickKind kind : ClickKind.values()) {
      for (int i = 0; i < 5; i++) {
        clicks.add(click(1 + i % 4, id(), now - i * 1_000, kind));
      }
    }
    ImpressionId repeated = id();
    clicks.add(click(2, repeated, now - 500, ClickKind.CANDIDATE));
    clicks.add(click(2, repeated, now - 400, ClickKind.CANDIDATE));
    ClickEvent twice = click(3, id(), now - 300, ClickKind.CANDIDATE);
    clicks.add(twice);
    clicks.add(twice);
    clicks.add(click(4, id(), thisHour - 1, ClickKind.CANDIDATE));
    clicks.add(click(4, id(), thisHour, ClickKind.CANDIDATE));
    clicks.add(click(1, id(), now - 3 * HOUR, ClickKind.CANDIDATE));
    return clicks;
  }

  private static void assertArchiveHoldsExactly(Path lake, List<LoggedClick> expected) {
    List<ArchiveFiles.Row> rows = ArchiveFiles.rows(lake);
    assertThat(rows)
        .extracting(ArchiveFiles.Row::logged)
        .containsExactlyInAnyOrderElementsOf(expected);
    for (ArchiveFiles.Row row : rows) {
      assertThat(row.folder())
          .as("folder of %s", row.logged())
          .isEqualTo(hourFolder(row.logged().click().clickTimeMillis()));
    }
    Set<Integer> partitions =
        rows.stream().map(r -> r.logged().partition()).collect(Collectors.toSet());
    assertThat(partitions).as("Kafka partitions archived").containsExactlyInAnyOrder(0, 1);
  }

  /** Independent of the job's formatter: the UTC date and hour of the click. */
  private static String hourFolder(long millis) {
    ZonedDateTime utc = Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC);
    return String.format("dt=%s/hour=%02d", utc.toLocalDate(), utc.getHour());
  }

  private ImpressionId id() {
    return new ImpressionId(random.nextLong(), random.nextLong());
  }

  private static ClickEvent click(long ad, ImpressionId id, long at, ClickKind kind) {
    String user = ad % 2 == 0 ? "user-" + ad : null;
    return new ClickEvent(ad, 100 + ad % 2, id, at, at - 60_000, user, kind);
  }
}
