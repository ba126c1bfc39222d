package io.adclick.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.Test;

class ClickWatermarkStrategyTest {
  private long activityMillis;
  private long wallMillis = 1_770_000_000_000L;

  @Test
  void onlyTheFirstGeneratorOfAReaderIsReaderWide() {
    ClickWatermarkStrategy<?> strategy =
        ClickWatermarkStrategy.forClicks(
            Duration.ofSeconds(2), Duration.ofSeconds(3), () -> wallMillis);
    WatermarkGenerator<?> readerWide = strategy.createWatermarkGenerator(context());
    WatermarkGenerator<?> partition = strategy.createWatermarkGenerator(context());

    long later = ClickWatermarks.STARTUP_GRACE.toMillis() + 1;
    activityMillis += later;
    wallMillis += later;

    assertThat(emitted(readerWide)).isEmpty();
    assertThat(emitted(partition)).containsExactly(wallMillis - 5_000);
  }

  private List<Long> emitted(WatermarkGenerator<?> generator) {
    List<Long> out = new ArrayList<>();
    generator.onPeriodicEmit(
        new WatermarkOutput() {
          @Override
          public void emitWatermark(Watermark watermark) {
            out.add(watermark.getTimestamp());
          }

          @Override
          public void markIdle() {}

          @Override
          public void markActive() {}
        });
    return out;
  }

  private WatermarkGeneratorSupplier.Context context() {
    return new WatermarkGeneratorSupplier.Context() {
      @Override
      public MetricGroup getMetricGroup() {
        return new UnregisteredMetricsGroup();
      }

      @Override
      public RelativeClock getInputActivityClock() {
        return new RelativeClock() {
          @Override
          public long relativeTimeMillis() {
            return activityMillis;
          }

          @Override
          public long relativeTimeNanos() {
            return activityMillis * 1_000_000;
          }
        };
      }
    };
  }
}
