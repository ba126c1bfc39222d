package io.adclick.stream;

import static io.adclick.stream.Clicks.click;
import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.event.ClickEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClickWatermarksTest {

  private static final long OUT_OF_ORDER = 2_000;
  private static final long IDLE = 3_000;
  private static final long NOW = 1_770_000_000_000L;

  private final FakeClock wall = new FakeClock(NOW);
  private final FakeClock activity = new FakeClock(500);
  private final Output output = new Output();
  private ClickWatermarks<ClickEvent> watermarks;

  @BeforeEach
  void create() {
    watermarks = generator(false);
  }

  @Test
  void trailsTheNewestClickByTheOutOfOrderness() {
    event(NOW - 10_000);
    event(NOW - 12_000);
    watermarks.onPeriodicEmit(output);

    assertThat(output.last()).isEqualTo(NOW - 10_000 - OUT_OF_ORDER - 1);
  }

  @Test
  void emitsNothingBeforeTheFirstClick() {
    watermarks.onPeriodicEmit(output);

    assertThat(output.emitted).isEmpty();
  }

  @Test
  void followsTheClockOnceQuietForTheIdleTimeout() {
    event(NOW - 60_000);
    advance(IDLE - 1);
    watermarks.onPeriodicEmit(output);
    assertThat(output.last()).isEqualTo(NOW - 60_000 - OUT_OF_ORDER - 1);

    advance(1);
    watermarks.onPeriodicEmit(output);
    assertThat(output.last()).isEqualTo(wall.now - OUT_OF_ORDER - IDLE);

    advance(10_000);
    watermarks.onPeriodicEmit(output);
    assertThat(output.last()).isEqualTo(wall.now - OUT_OF_ORDER - IDLE);
  }

  @Test
  void quietIsMeasuredOnTheActivityClockSoBackPressureIsNotIdleness() {
    event(NOW - 60_000);
    wall.now += 60_000; // back-pressured: Flink's activity clock stood still
    watermarks.onPeriodicEmit(output);

    assertThat(output.last()).isEqualTo(NOW - 60_000 - OUT_OF_ORDER - 1);
  }

  @Test
  void aNewClickEndsIdlenessWithoutMovingTheWatermarkBack() {
    event(NOW - 60_000);
    advance(IDLE);
    watermarks.onPeriodicEmit(output);
    long idleWatermark = output.last();

    event(NOW - 30_000); // an old click, e.g. from a spool replay
    watermarks.onPeriodicEmit(output);
    advance(1_000);
    watermarks.onPeriodicEmit(output);

    assertThat(output.emitted).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
    assertThat(output.last()).isEqualTo(idleWatermark);
  }

  @Test
  void neverEmitsAWatermarkThatGoesBackwards() {
    event(NOW);
    watermarks.onPeriodicEmit(output);
    event(NOW - 30_000);
    watermarks.onPeriodicEmit(output);
    wall.now -= 100_000; // a wall clock stepped back
    advance(IDLE);
    watermarks.onPeriodicEmit(output);

    assertThat(output.emitted).containsExactly(NOW - OUT_OF_ORDER - 1);
  }

  @Test
  void partitionWithoutClicksFollowsTheClockAfterTheStartupGrace() {
    ClickWatermarks<ClickEvent> busySibling = generator(false);
    busySibling.onEvent(click(1, 1, NOW - 600_000), NOW - 600_000, new Output());
    long grace = ClickWatermarks.STARTUP_GRACE.toMillis();
    advance(grace - 1);
    watermarks.onPeriodicEmit(output);
    assertThat(output.emitted).isEmpty();

    advance(1);
    watermarks.onPeriodicEmit(output);
    assertThat(output.last()).isEqualTo(wall.now - OUT_OF_ORDER - IDLE);
  }

  @Test
  void readerWideGeneratorNeverFollowsTheClock() {
    ClickWatermarks<ClickEvent> readerWide = generator(true);

    advance(ClickWatermarks.STARTUP_GRACE.toMillis() + 600_000);
    readerWide.onPeriodicEmit(output);

    assertThat(output.emitted).isEmpty();
  }

  private ClickWatermarks<ClickEvent> generator(boolean readerWide) {
    return new ClickWatermarks<>(
        Duration.ofMillis(OUT_OF_ORDER), Duration.ofMillis(IDLE), wall, activity, readerWide);
  }

  private void event(long clickTime) {
    ClickEvent click = click(1, clickTime, clickTime);
    watermarks.onEvent(click, clickTime, output);
  }

  private void advance(long millis) {
    wall.now += millis;
    activity.now += millis;
  }

  private static final class FakeClock implements MillisClock {
    long now;

    FakeClock(long now) {
      this.now = now;
    }

    @Override
    public long millis() {
      return now;
    }
  }

  private static final class Output implements WatermarkOutput {
    final List<Long> emitted = new ArrayList<>();

    @Override
    public void emitWatermark(Watermark watermark) {
      emitted.add(watermark.getTimestamp());
    }

    @Override
    public void markIdle() {
      throw new AssertionError("idleness would stall the watermark when every partition is idle");
    }

    @Override
    public void markActive() {}

    long last() {
      assertThat(emitted).isNotEmpty();
      return emitted.get(emitted.size() - 1);
    }
  }
}
