package io.adclick.click.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One replay step at a time, on a real spool; the replay thread is never started. */
class SpoolReplayerTest {
  @TempDir Path dir;

  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final AtomicInteger drained = new AtomicInteger();
  private volatile boolean logAcknowledges = true;

  private SpoolReplayer replayer(ClickSpool spool) {
    return new SpoolReplayer(
        spool,
        record -> {
          if (!logAcknowledges) {
            return CompletableFuture.failedFuture(new IllegalStateException("log down"));
          }
          sent.add(new String(record, StandardCharsets.UTF_8));
          return CompletableFuture.completedFuture(null);
        },
        drained::incrementAndGet,
        Duration.ofMillis(1),
        Duration.ofMillis(1),
        Duration.ofSeconds(1));
  }

  private static void append(ClickSpool spool, String click) throws Exception {
    spool.append(click.getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
  }

  @Test
  void reportsDrainedOnceCaughtUpThoughClicksKeepArrivingInTheOpenSegment() throws Exception {
    try (ClickSpool spool = ClickSpool.open(dir, 1 << 20)) {
      SpoolReplayer replayer = replayer(spool);
      append(spool, "a");
      spool.rollIfNotEmpty();
      append(spool, "b"); // arrived while "a" was being replayed

      assertThat(replayer.replayOnce()).isTrue();
      assertThat(sent).containsExactly("a");
      assertThat(drained).hasValue(0);

      assertThat(replayer.replayOnce()).isTrue();
      assertThat(drained).as("caught up: new clicks may go straight to the log").hasValue(1);
      assertThat(replayer.replayOnce()).isTrue();
      assertThat(sent).containsExactly("a", "b");
    }
  }

  @Test
  void doesNotReportDrainedWhileTheLogHasNotTakenASegment() throws Exception {
    try (ClickSpool spool = ClickSpool.open(dir, 1 << 20)) {
      SpoolReplayer replayer = replayer(spool);
      logAcknowledges = false;
      append(spool, "a");

      assertThat(replayer.replayOnce()).as("closes the open segment").isTrue();
      assertThat(replayer.replayOnce()).as("the log refuses it").isFalse();
      append(spool, "b");
      assertThat(replayer.replayOnce()).isFalse();

      assertThat(drained).hasValue(0);
      assertThat(sent).isEmpty();
    }
  }

  @Test
  void reportsDrainedWhenNothingIsLeft() throws Exception {
    try (ClickSpool spool = ClickSpool.open(dir, 1 << 20)) {
      SpoolReplayer replayer = replayer(spool);

      assertThat(replayer.replayOnce()).isFalse();

      assertThat(drained).hasValue(1);
    }
  }
}
