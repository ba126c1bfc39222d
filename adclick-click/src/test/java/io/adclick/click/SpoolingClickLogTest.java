package io.adclick.click;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.click.spool.ClickSpool;
import io.adclick.event.ClickEvent;
import io.adclick.event.ClickKind;
import io.adclick.token.ImpressionId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spooling log in front of a stand-in event log that can be switched between acknowledging,
 * failing and never answering; the spool under it is real.
 */
class SpoolingClickLogTest {
  private static final Duration ACK_TIMEOUT = Duration.ofMillis(50);

  @TempDir Path dir;
  private final SwitchableLog log = new SwitchableLog();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @Test
  void clicksGoStraightToTheLogWhileItAcknowledges() throws Exception {
    try (SpoolingClickLog spooling = open()) {
      spooling.append(click(1)).toCompletableFuture().get(5, TimeUnit.SECONDS);

      assertThat(log.acknowledged).extracting(c -> c.impressionId().lo()).containsExactly(1L);
      assertThat(spooling.isSpooling()).isFalse();
      assertThat(spooling.spoolBytes()).isZero();
    }
  }

  @Test
  void aLogThatDoesNotAnswerInTimeIsReplacedByTheSpoolThenReplayedInOrder() throws Exception {
    try (SpoolingClickLog spooling = open()) {
      log.mode = Mode.SILENT;
      List<CompletableFuture<Void>> recorded = new ArrayList<>();
      // The first click times out and turns spooling on; the rest then go to the spool in order.
      // (Clicks sent before that and still waiting for their own timeout are spooled as each
      // times out, so order across that race is not kept: only a repeat of one impression within
      // the ack timeout could notice, and then the later click would count.)
      recorded.add(spooling.append(click(1)).toCompletableFuture());
      await(spooling::isSpooling);
      for (long i = 2; i <= 50; i++) {
        recorded.add(spooling.append(click(i)).toCompletableFuture());
      }
      CompletableFuture.allOf(recorded.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
      assertThat(spooling.isSpooling()).isTrue();
      assertThat(log.acknowledged).isEmpty();
      assertThat(spooledClicks("spooled")).isEqualTo(50);
      assertThat(meters.get("adclick.spool.active").gauge().value()).isEqualTo(1);
      assertThat(meters.get("adclick.spool").gauge().value())
          .isEqualTo(spooling.spoolBytes())
          .isPositive();

      log.mode = Mode.ACK;
      await(() -> !spooling.isSpooling() && spooling.spoolBytes() == 0);

      assertThat(log.acknowledged)
          .extracting(c -> c.impressionId().lo())
          .containsExactlyElementsOf(range(1, 50));
      assertThat(meters.get("adclick.spool.active").gauge().value()).isZero();
      assertThat(meters.get("adclick.spool").gauge().value()).isZero();
    }
  }

  @Test
  void underSteadyTrafficClicksGoStraightToTheLogAgainOnceItAcknowledges() throws Exception {
    try (SpoolingClickLog spooling = open()) {
      log.mode = Mode.SILENT;
      List<CompletableFuture<Void>> recorded = new CopyOnWriteArrayList<>();
      recorded.add(spooling.append(click(1)).toCompletableFuture());
      await(spooling::isSpooling);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong next = new AtomicLong(2);
      // A click every 0.2 ms or so, all through the test: the spool is never found empty.
      Thread traffic =
          new Thread(
              () -> {
                while (!stop.get()) {
                  recorded.add(
                      spooling.append(click(next.getAndIncrement())).toCompletableFuture());
                  LockSupport.parkNanos(200_000);
                }
              });
      traffic.start();
      try {
        await(() -> spooledClicks("spooled") >= 100);
        log.mode = Mode.ACK;

        await(() -> !spooling.isSpooling());
        long atSwitch = next.get();
        await(() -> next.get() > atSwitch + 100);
        assertThat(spooling.isSpooling()).as("the spool is not taken up again").isFalse();
      } finally {
        stop.set(true);
        traffic.join();
      }
      CompletableFuture.allOf(recorded.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
      await(() -> spooling.spoolBytes() == 0 && log.acknowledged.size() == next.get() - 1);

      assertThat(log.acknowledged)
          .extracting(c -> c.impressionId().lo())
          .containsExactlyInAnyOrderElementsOf(range(1, next.get() - 1));
    }
  }

  @Test
  void replayedClicksKeepTheirClickTimeAndImpression() throws Exception {
    try (SpoolingClickLog spooling = open()) {
      log.mode = Mode.FAIL;
      ClickEvent original = click(7);
      spooling.append(original).toCompletableFuture().get(5, TimeUnit.SECONDS);

      log.mode = Mode.ACK;
      await(() -> !log.acknowledged.isEmpty());

      assertThat(log.acknowledged).containsExactly(original);
    }
  }

  @Test
  void spooledClicksSurviveARestartAndAreReplayedFirst() throws Exception {
    log.mode = Mode.FAIL;
    try (SpoolingClickLog spooling = open()) {
      spooling.append(click(1)).toCompletableFuture().get(5, TimeUnit.SECONDS);
      spooling.append(click(2)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    log.mode = Mode.ACK;
    try (SpoolingClickLog restarted = open()) {
      assertThat(restarted.isSpooling()).as("old clicks go first").isTrue();
      restarted.append(click(3)).toCompletableFuture().get(5, TimeUnit.SECONDS);
      await(() -> !restarted.isSpooling() && log.acknowledged.size() == 3);

      assertThat(log.acknowledged)
          .extracting(c -> c.impressionId().lo())
          .containsExactly(1L, 2L, 3L);
    }
  }

  @Test
  void aFullSpoolFailsTheAppendInsteadOfDroppingTheClickSilently() throws Exception {
    log.mode = Mode.FAIL;
    try (SpoolingClickLog spooling =
        new SpoolingClickLog(log, ClickSpool.open(dir, 10), ACK_TIMEOUT, meters)) {
      CompletableFuture<Void> recorded = spooling.append(click(1)).toCompletableFuture();

      assertThat(recorded)
          .failsWithin(Duration.ofSeconds(5))
          .withThrowableThat()
          .withMessageContaining("full");
      assertThat(spooledClicks("refused")).isEqualTo(1);
      assertThat(spooledClicks("spooled")).isZero();
    }
  }

  private SpoolingClickLog open() {
    return new SpoolingClickLog(
        log,
        ClickSpool.open(dir, 1 << 20),
        ACK_TIMEOUT,
        Duration.ofMillis(20),
        Duration.ofMillis(50),
        // A silent log's sends never complete; a real producer's fail within its delivery
        // timeout. Short here, so a segment sent while the log was silent is retried in time.
        Duration.ofMillis(500),
        meters);
  }

  private double spooledClicks(String result) {
    return meters.get("adclick.spool.clicks").tag("result", result).counter().count();
  }

  private static ClickEvent click(long impression) {
    return new ClickEvent(
        1, 2, new ImpressionId(0, impression), 1_000 + impression, 500, null, ClickKind.CANDIDATE);
  }

  private static List<Long> range(long from, long to) {
    List<Long> all = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      all.add(i);
    }
    return all;
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(10);
    }
  }

  private enum Mode {
    ACK,
    FAIL,
    SILENT
  }

  private static final class SwitchableLog implements ClickLog {
    final List<ClickEvent> acknowledged = new CopyOnWriteArrayList<>();
    volatile Mode mode = Mode.ACK;

    @Override
    public CompletionStage<Void> append(ClickEvent click) {
      return switch (mode) {
        case ACK -> {
          acknowledged.add(click);
          yield CompletableFuture.completedFuture(null);
        }
        case FAIL -> CompletableFuture.failedFuture(new IllegalStateException("log down"));
        case SILENT -> new CompletableFuture<>();
      };
    }

    @Override
    public void close() {}
  }
}
