package io.adclick.stream;

import io.adclick.event.ClickEvent;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time is the click service's click time; watermarks come from {@link ClickWatermarks}. The
 * source emits {@link LoggedClick}s; tests that start after the source use plain clicks.
 */
final class ClickWatermarkStrategy<T> implements WatermarkStrategy<T> {

  private static final long serialVersionUID = 1L;

  /** Where a record keeps its click time. */
  interface ClickTime<T> extends Serializable {
    long millis(T record);
  }

  private final ClickTime<T> clickTime;
  private final Duration maxOutOfOrderness;
  private final Duration idleTimeout;
  private final MillisClock wallClock;

  // Flink deserializes one strategy per source subtask and creates the reader-wide generator
  // (createMainOutput) before any partition's generator (createOutputForSplit).
  private transient boolean readerWideCreated;

  private ClickWatermarkStrategy(
      ClickTime<T> clickTime,
      Duration maxOutOfOrderness,
      Duration idleTimeout,
      MillisClock wallClock) {
    this.clickTime = clickTime;
    this.maxOutOfOrderness = maxOutOfOrderness;
    this.idleTimeout = idleTimeout;
    this.wallClock = wallClock;
  }

  /** For the job's source. */
  static ClickWatermarkStrategy<LoggedClick> of(JobSettings settings) {
    return new ClickWatermarkStrategy<>(
        logged -> logged.click().clickTimeMillis(),
        settings.maxOutOfOrderness(),
        settings.idleTimeout(),
        MillisClock.SYSTEM);
  }

  /** For a stream of plain clicks, with the wall clock given. */
  static ClickWatermarkStrategy<ClickEvent> forClicks(
      Duration maxOutOfOrderness, Duration idleTimeout, MillisClock wallClock) {
    return new ClickWatermarkStrategy<>(
        ClickEvent::clickTimeMillis, maxOutOfOrderness, idleTimeout, wallClock);
  }

  @Override
  public WatermarkGenerator<T> createWatermarkGenerator(
      WatermarkGeneratorSupplier.Context context) {
    boolean readerWide = !readerWideCreated;
    readerWideCreated = true;
    MillisClock activityClock = context.getInputActivityClock()::relativeTimeMillis;
    return new ClickWatermarks<>(
        maxOutOfOrderness, idleTimeout, wallClock, activityClock, readerWide);
  }

  @Override
  public TimestampAssigner<T> createTimestampAssigner(TimestampAssignerSupplier.Context context) {
    return (record, recordTimestamp) -> clickTime.millis(record);
  }
}
