package io.adclick.stream;

import io.adclick.event.ClickEvent;
import io.adclick.time.Granularity;
import io.adclick.token.ImpressionId;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets only the first click of each impression through.
 *
 * <p>The "seen" mark expires in event time, once no click that could still count can arrive: the
 * click service classifies clicks at or after {@code issuedAt + tokenLifetime} as expired, so every
 * candidate lies in a minute ending at or before {@code minuteEnd(issuedAt + tokenLifetime)}, and
 * once the watermark passes that minute's end plus the correction horizon such a click is late (see
 * below) and cannot count. The state therefore holds about one entry and one timer per distinct
 * clicked impression issued within the last token lifetime (plus one minute and the lateness),
 * independent of traffic history: at 100M clicks a day, on the order of 100M small entries, which
 * is why it belongs in an on-disk state backend.
 *
 * <p>A click past its minute's correction horizon goes to {@link BucketCounter#LATE} without
 * touching the state: its bucket can no longer be corrected, and after a mark expired a duplicate
 * would otherwise pass as a first click. Any other click, however late, still finds its
 * impression's mark, because marks outlive every click that can still count.
 */
final class ImpressionDedup extends KeyedProcessFunction<ImpressionId, ClickEvent, ClickEvent>
    implements CheckpointedFunction {

  static final String DUPLICATE_METRIC = "duplicateClicks";
  static final String LATE_METRIC = "lateClicks";

  private static final long serialVersionUID = 1L;

  private final long tokenLifetime;
  private final long correctionHorizon;

  private transient WatermarkFloor watermark;
  private transient ValueState<Boolean> seen;
  private transient Counter duplicates;
  private transient Counter late;

  ImpressionDedup(Duration tokenLifetime, Duration correctionHorizon) {
    this.tokenLifetime = tokenLifetime.toMillis();
    this.correctionHorizon = correctionHorizon.toMillis();
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    watermark = WatermarkFloor.restore(context);
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    watermark.snapshot();
  }

  @Override
  public void open(OpenContext openContext) {
    seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Types.BOOLEAN));
    duplicates = getRuntimeContext().getMetricGroup().counter(DUPLICATE_METRIC);
    late = getRuntimeContext().getMetricGroup().counter(LATE_METRIC);
  }

  @Override
  public void processElement(ClickEvent click, Context ctx, Collector<ClickEvent> out)
      throws Exception {
    if (lateAt(click.clickTimeMillis()) <= watermark.current(ctx.timerService())) {
      late.inc();
      ctx.output(BucketCounter.LATE, click);
      return;
    }
    if (seen.value() != null) {
      duplicates.inc();
      return;
    }
    seen.update(Boolean.TRUE);
    // The max guards against an issue time the click contradicts (clock trouble): the mark must
    // at least outlive the click's own minute, or a duplicate in that minute would count.
    long expiry = Math.max(expiry(click.issuedAtMillis()), lateAt(click.clickTimeMillis()));
    ctx.timerService().registerEventTimeTimer(expiry);
    out.collect(click);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<ClickEvent> out) {
    watermark.current(ctx.timerService());
    seen.clear();
  }

  /** When the minute of a click at this instant can no longer be corrected. */
  private long lateAt(long clickTime) {
    return Granularity.MINUTE.bucketEnd(clickTime) + correctionHorizon;
  }

  /** When the last click that can still count for an impression issued at this instant is late. */
  private long expiry(long issuedAt) {
    return lateAt(issuedAt + tokenLifetime);
  }
}
