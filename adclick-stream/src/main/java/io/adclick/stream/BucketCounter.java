package io.adclick.stream;

import io.adclick.event.ClickEvent;
import io.adclick.store.BucketCount;
import io.adclick.time.Granularity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Counts one ad's first clicks (or, for a hot ad, one salt's share of them: see {@link CounterKey})
 * per minute, hour and day and emits running totals: partial ones every flush interval for buckets
 * whose total changed, and the final one when the watermark passes the bucket's end plus the
 * allowed lateness.
 *
 * <p>A final bucket stays in state until the correction horizon after its end: a click that arrives
 * that late (a click service replaying its spool after a Kafka outage) still corrects it, and the
 * corrected running total is written at the next flush. After the horizon the bucket's state is
 * dropped, and a click for it goes to {@link #LATE} and changes nothing: counted into a fresh
 * bucket it would restart from zero and overwrite the stored total with a smaller one.
 * Reconciliation picks such clicks up from the data lake. Lateness is judged against a {@link
 * WatermarkFloor} so it also holds for clicks replayed right after a restore.
 *
 * <p>State bound: per ad, the buckets of the last correction horizon (10 minutes by default: up to
 * ten minutes, one or two hours and days) that had clicks.
 */
public final class BucketCounter extends KeyedProcessFunction<Long, ClickEvent, BucketCount>
    implements CheckpointedFunction {

  /** Clicks that arrived after their minute's correction horizon; they are not counted. */
  public static final OutputTag<ClickEvent> LATE =
      new OutputTag<>("late-clicks", TypeInformation.of(ClickEvent.class));

  static final String LATE_METRIC = "lateClicks";

  private static final long serialVersionUID = 1L;

  private final long flushInterval;
  private final long allowedLateness;
  private final long correctionHorizon;

  private transient WatermarkFloor watermark;
  private transient Map<Granularity, MapState<Long, BucketTally>> buckets;
  private transient ValueState<Long> pendingFlush;
  private transient Counter late;

  BucketCounter(Duration flushInterval, Duration allowedLateness, Duration correctionHorizon) {
    this.flushInterval = flushInterval.toMillis();
    this.allowedLateness = allowedLateness.toMillis();
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
    buckets = new EnumMap<>(Granularity.class);
    for (Granularity g : Granularity.values()) {
      MapStateDescriptor<Long, BucketTally> descriptor =
          new MapStateDescriptor<>(g.apiName(), Types.LONG, TypeInformation.of(BucketTally.class));
      buckets.put(g, getRuntimeContext().getMapState(descriptor));
    }
    pendingFlush =
        getRuntimeContext().getState(new ValueStateDescriptor<>("pending-flush", Types.LONG));
    late = getRuntimeContext().getMetricGroup().counter(LATE_METRIC);
  }

  @Override
  public void processElement(ClickEvent click, Context ctx, Collector<BucketCount> out)
      throws Exception {
    long time = click.clickTimeMillis();
    // Minute buckets end first: if the click's minute is open, so are its hour and day.
    if (dropAt(Granularity.MINUTE, Granularity.MINUTE.bucketStart(time))
        <= watermark.current(ctx.timerService())) {
      late.inc();
      ctx.output(LATE, click);
      return;
    }
    countMinute(time, ctx);
    scheduleFlush(ctx);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<BucketCount> out)
      throws Exception {
    long key = ctx.getCurrentKey();
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      pendingFlush.clear();
      emitChangedMinutes(key, out);
      emitChanged(Granularity.HOUR, key, out);
      emitChanged(Granularity.DAY, key, out);
    } else {
      watermark.current(ctx.timerService());
      for (Granularity g : Granularity.values()) {
        close(g, key, timestamp, out);
      }
      dropFlushIfNothingLeft(ctx);
    }
  }

  /**
   * A click only touches its minute: two state accesses instead of six. Hours and days receive a
   * minute's new clicks when the minute is written ({@link #emitMinute}), so an hour's total is
   * always the sum of its written minutes; with state on disk this halves the counter's cost.
   */
  private void countMinute(long time, Context ctx) throws Exception {
    MapState<Long, BucketTally> minutes = buckets.get(Granularity.MINUTE);
    long minute = Granularity.MINUTE.bucketStart(time);
    BucketTally tally = minutes.get(minute);
    if (tally == null) {
      tally = BucketTally.EMPTY;
      // Timers are unique per key and timestamp: the hour's and day's are set once each.
      for (Granularity g : Granularity.values()) {
        long start = g.bucketStart(time);
        ctx.timerService().registerEventTimeTimer(finalAt(g, start));
        ctx.timerService().registerEventTimeTimer(dropAt(g, start));
      }
    }
    minutes.put(minute, tally.plusOne());
  }

  /** Writes a minute's running total and adds its clicks since the last write to hour and day. */
  private BucketTally emitMinute(
      long key, long minute, BucketTally tally, Collector<BucketCount> out) throws Exception {
    out.collect(total(Granularity.MINUTE, key, minute, tally.clicks()));
    long added = tally.clicks() - tally.emitted();
    for (Granularity g : List.of(Granularity.HOUR, Granularity.DAY)) {
      MapState<Long, BucketTally> state = buckets.get(g);
      long start = g.bucketStart(minute);
      BucketTally rolled = state.get(start);
      state.put(start, (rolled == null ? BucketTally.EMPTY : rolled).plus(added));
    }
    return tally.markEmitted();
  }

  private void emitChangedMinutes(long key, Collector<BucketCount> out) throws Exception {
    MapState<Long, BucketTally> minutes = buckets.get(Granularity.MINUTE);
    List<Map.Entry<Long, BucketTally>> changed = new ArrayList<>();
    for (Map.Entry<Long, BucketTally> e : minutes.entries()) {
      if (e.getValue().changed()) {
        changed.add(Map.entry(e.getKey(), e.getValue()));
      }
    }
    for (Map.Entry<Long, BucketTally> e : changed) {
      minutes.put(e.getKey(), emitMinute(key, e.getKey(), e.getValue(), out));
    }
  }

  /** One flush timer per key at most: set when the key first has something unwritten. */
  private void scheduleFlush(Context ctx) throws Exception {
    if (pendingFlush.value() == null) {
      long at = ctx.timerService().currentProcessingTime() + flushInterval;
      ctx.timerService().registerProcessingTimeTimer(at);
      pendingFlush.update(at);
    }
  }

  private void emitChanged(Granularity g, long key, Collector<BucketCount> out) throws Exception {
    MapState<Long, BucketTally> state = buckets.get(g);
    List<Map.Entry<Long, BucketTally>> changed = new ArrayList<>();
    for (Map.Entry<Long, BucketTally> e : state.entries()) {
      if (e.getValue().changed()) {
        changed.add(Map.entry(e.getKey(), e.getValue()));
      }
    }
    // Written back after iterating: not every state backend allows updates while iterating.
    for (Map.Entry<Long, BucketTally> e : changed) {
      out.collect(total(g, key, e.getKey(), e.getValue().clicks()));
      state.put(e.getKey(), e.getValue().markEmitted());
    }
  }

  /** Emits the final total of buckets that just became final; drops those past the horizon. */
  private void close(Granularity g, long key, long timerTime, Collector<BucketCount> out)
      throws Exception {
    MapState<Long, BucketTally> state = buckets.get(g);
    List<Map.Entry<Long, BucketTally>> due = new ArrayList<>();
    for (Map.Entry<Long, BucketTally> e : state.entries()) {
      if (finalAt(g, e.getKey()) <= timerTime) {
        due.add(Map.entry(e.getKey(), e.getValue()));
      }
    }
    for (Map.Entry<Long, BucketTally> e : due) {
      BucketTally tally = e.getValue();
      if (tally.changed()) {
        if (g == Granularity.MINUTE) {
          tally = emitMinute(key, e.getKey(), tally, out);
        } else {
          out.collect(total(g, key, e.getKey(), tally.clicks()));
          tally = tally.markEmitted();
        }
      }
      if (dropAt(g, e.getKey()) <= timerTime) {
        state.remove(e.getKey());
      } else {
        state.put(e.getKey(), tally);
      }
    }
  }

  private void dropFlushIfNothingLeft(OnTimerContext ctx) throws Exception {
    for (MapState<Long, BucketTally> state : buckets.values()) {
      if (!state.isEmpty()) {
        return;
      }
    }
    Long at = pendingFlush.value();
    if (at != null) {
      ctx.timerService().deleteProcessingTimeTimer(at);
      pendingFlush.clear();
    }
  }

  private long finalAt(Granularity g, long bucketStart) {
    return bucketStart + g.millis() + allowedLateness;
  }

  private long dropAt(Granularity g, long bucketStart) {
    return bucketStart + g.millis() + correctionHorizon;
  }

  /** This key's running total: for a hot ad, one salt's share, which the store sums. */
  private static BucketCount total(Granularity g, long key, long bucketStart, long clicks) {
    return new BucketCount(g, CounterKey.adId(key), bucketStart, clicks, CounterKey.salt(key));
  }
}
