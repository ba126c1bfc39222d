package io.adclick.stream;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness on click time, plus idle progression: once a partition has been quiet
 * for {@code idleTimeout}, its watermark follows the wall clock at {@code now - maxOutOfOrderness -
 * idleTimeout}. Without that, the last buckets of a quiet ad would never become final when traffic
 * stops, and Flink's own idleness would stall the watermark altogether once every partition is
 * quiet.
 *
 * <p>Flink gives a source reader one generator per partition plus one for the reader as a whole,
 * and the reader's watermark is the higher of the reader-wide one and the minimum of the partition
 * ones. The reader-wide generator never sees a click, so it never follows the clock: it would
 * override the partitions' minimum and make the clicks of a partition still catching up late. A
 * partition that has never had a click follows the clock after a start-up grace instead.
 *
 * <p>Quiet is measured on the source's input-activity clock, which Flink pauses while the source is
 * back-pressured: clicks waiting unread in the log do not count as quiet, so a slow sink cannot
 * make them late. The watermark never moves backwards.
 */
final class ClickWatermarks<T> implements WatermarkGenerator<T> {

  /**
   * How long a partition that has never had a click waits before following the clock. After a
   * restart the first fetch can take a while; following the clock before it would put the whole
   * backlog behind the watermark.
   */
  static final Duration STARTUP_GRACE = Duration.ofSeconds(30);

  private final long maxOutOfOrderness;
  private final long idleTimeout;
  private final long startupQuiet;
  private final MillisClock wallClock;
  private final MillisClock activityClock;
  private final boolean readerWide;

  private long maxTimestamp = Long.MIN_VALUE;
  private long lastActivity;
  private boolean sawEvent;
  private long emitted = Long.MIN_VALUE;

  ClickWatermarks(
      Duration maxOutOfOrderness,
      Duration idleTimeout,
      MillisClock wallClock,
      MillisClock activityClock,
      boolean readerWide) {
    this.maxOutOfOrderness = maxOutOfOrderness.toMillis();
    this.idleTimeout = idleTimeout.toMillis();
    this.startupQuiet = Math.max(this.idleTimeout, STARTUP_GRACE.toMillis());
    this.wallClock = wallClock;
    this.activityClock = activityClock;
    this.readerWide = readerWide;
    this.lastActivity = activityClock.millis();
  }

  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
    lastActivity = activityClock.millis();
    sawEvent = true;
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    long candidate = maxTimestamp == Long.MIN_VALUE ? Long.MIN_VALUE : bounded();
    if (mayFollowClock()) {
      candidate = Math.max(candidate, wallClock.millis() - maxOutOfOrderness - idleTimeout);
    }
    if (candidate > emitted) {
      emitted = candidate;
      output.emitWatermark(new Watermark(candidate));
    }
  }

  /** Flink's convention: a watermark W promises no more events at or before W. */
  private long bounded() {
    return maxTimestamp - maxOutOfOrderness - 1;
  }

  private boolean mayFollowClock() {
    if (readerWide) {
      return false;
    }
    long quiet = activityClock.millis() - lastActivity;
    return quiet >= (sawEvent ? idleTimeout : startupQuiet);
  }
}
