package io.adclick.click.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClickSpoolTest {
  @TempDir Path dir;

  private static byte[] record(int i) {
    return ("click-" + i).getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> text(List<byte[]> records) {
    return records.stream().map(r -> new String(r, StandardCharsets.UTF_8)).toList();
  }

  @Test
  void appendCompletesOnceOnDiskAndSurvivesReopening() throws Exception {
    try (ClickSpool spool = ClickSpool.open(dir, 1 << 20)) {
      List<CompletableFuture<Void>> written = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        written.add(spool.append(record(i)));
      }
      CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    }

    try (ClickSpool reopened = ClickSpool.open(dir, 1 << 20)) {
      List<Path> closed = reopened.closedSegments();
      assertThat(closed).hasSize(1);
      List<String> records = text(reopened.read(closed.get(0)));
      assertThat(records).hasSize(1000).startsWith("click-0", "click-1").endsWith("click-999");
    }
  }

  @Test
  void rollingClosesTheOpenSegmentInOrder() throws Exception {
    try (ClickSpool spool = ClickSpool.open(dir, 1 << 20)) {
      spool.append(record(1)).get(5, TimeUnit.SECONDS);
      assertThat(spool.closedSegments()).isEmpty();
      assertThat(spool.hasUnclosedRecords()).isTrue();

      spool.rollIfNotEmpty();
      spool.append(record(2)).get(5, TimeUnit.SECONDS);
      spool.rollIfNotEmpty();

      List<Path> closed = spool.closedSegments();
      assertThat(closed).hasSize(2);
      assertThat(text(spool.read(closed.get(0)))).containsExactly("click-1");
      assertThat(text(spool.read(closed.get(1)))).containsExactly("click-2");
      assertThat(spool.hasUnclosedRecords()).isFalse();
    }
  }

  @Test
  void deletingDeliveredSegmentsFreesTheirSpace() throws Exception {
    try (ClickSpool spool = ClickSpool.open(dir, 1 << 20)) {
      spool.append(record(1)).get(5, TimeUnit.SECONDS);
      spool.rollIfNotEmpty();
      long before = spool.diskBytes();

      spool.delete(spool.closedSegments().get(0));

      assertThat(before).isPositive();
      assertThat(spool.diskBytes()).isZero();
      assertThat(spool.closedSegments()).isEmpty();
    }
  }

  @Test
  void aTornLastRecordIsDroppedAndEverythingBeforeItKept() throws Exception {
    try (ClickSpool spool = ClickSpool.open(dir, 1 << 20)) {
      spool.append(record(1)).get(5, TimeUnit.SECONDS);
      spool.append(record(2)).get(5, TimeUnit.SECONDS);
    }
    Path segment = onlySegment();
    // A crash mid-write: a header promising more bytes than follow, then a corrupt record.
    ByteBuffer torn = ByteBuffer.allocate(10).putInt(100).putInt(7).put((byte) 1).put((byte) 2);
    Files.write(segment, torn.array(), StandardOpenOption.APPEND);

    assertThat(text(SpoolSegment.read(segment))).containsExactly("click-1", "click-2");
  }

  @Test
  void aRecordFailingItsChecksumEndsTheSegment() throws Exception {
    try (ClickSpool spool = ClickSpool.open(dir, 1 << 20)) {
      spool.append(record(1)).get(5, TimeUnit.SECONDS);
      spool.append(record(2)).get(5, TimeUnit.SECONDS);
    }
    Path segment = onlySegment();
    byte[] bytes = Files.readAllBytes(segment);
    bytes[bytes.length - 1] ^= 1;
    Files.write(segment, bytes);

    assertThat(text(SpoolSegment.read(segment))).containsExactly("click-1");
  }

  @Test
  void refusesAppendsBeyondItsDiskBudget() throws Exception {
    try (ClickSpool spool = ClickSpool.open(dir, 40)) {
      spool.append(record(1)).get(5, TimeUnit.SECONDS);
      spool.append(record(2)).get(5, TimeUnit.SECONDS);

      assertThatThrownBy(() -> spool.append(record(3)).get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("full");
    }
  }

  @Test
  void closeWritesOutEverythingQueued() throws Exception {
    List<CompletableFuture<Void>> written = new ArrayList<>();
    ClickSpool spool = ClickSpool.open(dir, 1 << 24);
    for (int i = 0; i < 20_000; i++) {
      written.add(spool.append(record(i)));
    }
    spool.close();

    assertThat(written).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    try (ClickSpool reopened = ClickSpool.open(dir, 1 << 24)) {
      int total = 0;
      for (Path segment : reopened.closedSegments()) {
        total += reopened.read(segment).size();
      }
      assertThat(total).isEqualTo(20_000);
    }
  }

  @Test
  void anIdleSpoolLeavesNoEmptySegmentsBehind() throws Exception {
    ClickSpool.open(dir, 1 << 20).close();
    ClickSpool.open(dir, 1 << 20).close();

    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  private Path onlySegment() throws Exception {
    try (var files = Files.list(dir)) {
      List<Path> all = files.filter(SpoolSegment::isSegment).toList();
      assertThat(all).hasSize(1);
      return all.get(0);
    }
  }
}
