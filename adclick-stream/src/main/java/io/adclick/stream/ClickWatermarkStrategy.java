package io.adclick.stream;

import io.adclick.event.ClickEvent;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/** Event time is the click service's click time; watermarks come from {@link ClickWatermarks}. */
final class ClickWatermarkStrategy implements WatermarkStrategy<ClickEvent> {

  private static final long serialVersionUID = 1L;

  private final Duration maxOutOfOrderness;
  private final Duration idleTimeout;
  private final MillisClock wallClock;

  // Flink deserializes one strategy per source subtask and creates the reader-wide generator
  // (createMainOutput) before any partition's generator (createOutputForSplit).
  private transient boolean readerWideCreated;

  ClickWatermarkStrategy(Duration maxOutOfOrderness, Duration idleTimeout, MillisClock wallClock) {
    this.maxOutOfOrderness = maxOutOfOrderness;
    this.idleTimeout = idleTimeout;
    this.wallClock = wallClock;
  }

  static ClickWatermarkStrategy of(JobSettings settings) {
    return new ClickWatermarkStrategy(
        settings.maxOutOfOrderness(), settings.idleTimeout(), MillisClock.SYSTEM);
  }

  @Override
  public WatermarkGenerator<ClickEvent> createWatermarkGenerator(
      WatermarkGeneratorSupplier.Context context) {
    boolean readerWide = !readerWideCreated;
    readerWideCreated = true;
    MillisClock activityClock = context.getInputActivityClock()::relativeTimeMillis;
    return new ClickWatermarks(
        maxOutOfOrderness, idleTimeout, wallClock, activityClock, readerWide);
  }

  @Override
  public TimestampAssigner<ClickEvent> createTimestampAssigner(
      TimestampAssignerSupplier.Context context) {
    return (click, recordTimestamp) -> click.clickTimeMillis();
  }
}
