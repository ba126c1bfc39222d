package io.adclick.stream;

import io.adclick.event.ClickEvent;
import io.adclick.store.BucketCount;
import io.adclick.time.Granularity;
import io.adclick.users.UserSketch;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
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
 * bucket it would restart from zero. Lateness is judged against a {@link WatermarkFloor} so it also
 * holds for clicks replayed right after a restore.
 *
 * <p>Cost per click, which matters with state on disk: the click's minute is read and written, and
 * the flush timer looked up; nothing is scanned. Hours and days receive a minute's new clicks when
 * the minute is written ({@link #emitMinute}), so an hour's total is always the sum of its written
 * minutes. A flush visits only the minutes that changed since the last one (listed in "dirty"), and
 * an event-time timer only the buckets that end or expire at its time.
 *
 * <p>Distinct users: a counted click whose impression carried a user key adds its user to its
 * minute's tally ({@link BucketTally#users}), so users cost no state access of their own; the
 * minute's next write passes them on to its hour's and day's tallies, whose sketches go out with
 * their totals. Every sketch written beside a total holds the users of exactly the clicks in it,
 * which is what lets a store keep the pair with the largest total.
 *
 * <p>State bound: per ad, the buckets of the last correction horizon (1 h by default: up to 60
 * minutes, two hours and two days) that had clicks, each with a user sketch of at most 2 KB, the
 * minutes changed in one flush interval, and the ad's advertiser while any bucket is held.
 */
public final class BucketCounter extends KeyedProcessFunction<Long, ClickEvent, BucketCount>
    implements CheckpointedFunction {

  /** Clicks that arrived after their minute's correction horizon; they are not counted. */
  public static final OutputTag<ClickEvent> LATE =
      new OutputTag<>("late-clicks", TypeInformation.of(ClickEvent.class));

  /** Clicks each written minute added, for the advertiser's totals ({@link AdvertiserCounter}). */
  public static final OutputTag<AdvertiserClicks> ADVERTISER_CLICKS =
      new OutputTag<>("advertiser-clicks", TypeInformation.of(AdvertiserClicks.class));

  static final String LATE_METRIC = "lateClicks";

  private static final long serialVersionUID = 1L;

  private final long flushInterval;
  private final long allowedLateness;
  private final long correctionHorizon;

  private transient WatermarkFloor watermark;
  private transient Map<Granularity, MapState<Long, BucketTally>> buckets;
  private transient ValueState<Long> advertiser;
  private transient ValueState<Long> pendingFlush;
  private transient ListState<Long> dirtyMinutes;
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
    advertiser = getRuntimeContext().getState(new ValueStateDescriptor<>("advertiser", Types.LONG));
    pendingFlush =
        getRuntimeContext().getState(new ValueStateDescriptor<>("pending-flush", Types.LONG));
    dirtyMinutes =
        getRuntimeContext().getListState(new ListStateDescriptor<>("dirty-minutes", Types.LONG));
    late = getRuntimeContext().getMetricGroup().counter(LATE_METRIC);
  }

  @Override
  public void processElement(ClickEvent click, Context ctx, Collector<BucketCount> out)
      throws Exception {
    long time = click.clickTimeMillis();
    long minute = Granularity.MINUTE.bucketStart(time);
    // Minute buckets end first: if the click's minute is open, so are its hour and day.
    if (dropAt(Granularity.MINUTE, minute) <= watermark.current(ctx.timerService())) {
      late.inc();
      ctx.output(LATE, click);
      return;
    }
    MapState<Long, BucketTally> minutes = buckets.get(Granularity.MINUTE);
    BucketTally tally = minutes.get(minute);
    if (tally == null) {
      tally = BucketTally.EMPTY;
      // An ad never changes owner; written with each new minute, cleared with the last day.
      advertiser.update(click.advertiserId());
      // Timers are unique per key and timestamp: the hour's and day's are set once each.
      for (Granularity g : Granularity.values()) {
        long start = g.bucketStart(time);
        ctx.timerService().registerEventTimeTimer(finalAt(g, start));
        ctx.timerService().registerEventTimeTimer(dropAt(g, start));
      }
    }
    if (!tally.changed()) {
      dirtyMinutes.add(minute);
      scheduleFlush(ctx);
    }
    String userKey = click.userKey();
    minutes.put(
        minute,
        userKey == null ? tally.plusClick() : tally.plusClick(UserSketch.userHash(userKey)));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<BucketCount> out)
      throws Exception {
    long key = ctx.getCurrentKey();
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      pendingFlush.clear();
      flush(key, ctx, out);
    } else {
      watermark.current(ctx.timerService());
      // Minutes first: they roll their last clicks into the hour and day closed at the same time.
      for (Granularity g : Granularity.values()) {
        closeAt(g, key, timestamp - allowedLateness - g.millis(), false, ctx, out);
        closeAt(g, key, timestamp - correctionHorizon - g.millis(), true, ctx, out);
      }
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

  /** Writes the minutes changed since the last flush, then the hours and days they rolled into. */
  private void flush(long key, Context ctx, Collector<BucketCount> out) throws Exception {
    Set<Long> minutes = new LinkedHashSet<>();
    for (Long minute : dirtyMinutes.get()) {
      minutes.add(minute);
    }
    dirtyMinutes.clear();
    MapState<Long, BucketTally> minuteState = buckets.get(Granularity.MINUTE);
    Set<Long> hours = new LinkedHashSet<>();
    Set<Long> days = new LinkedHashSet<>();
    for (long minute : minutes) {
      BucketTally tally = minuteState.get(minute);
      if (tally != null && tally.changed()) {
        minuteState.put(minute, emitMinute(key, minute, tally, ctx, out));
        hours.add(Granularity.HOUR.bucketStart(minute));
        days.add(Granularity.DAY.bucketStart(minute));
      }
    }
    emitIfChanged(Granularity.HOUR, key, hours, out);
    emitIfChanged(Granularity.DAY, key, days, out);
  }

  private void emitIfChanged(Granularity g, long key, Set<Long> starts, Collector<BucketCount> out)
      throws Exception {
    MapState<Long, BucketTally> state = buckets.get(g);
    for (long start : starts) {
      BucketTally tally = state.get(start);
      if (tally != null && tally.changed()) {
        out.collect(total(g, key, start, tally));
        state.put(start, tally.markEmitted());
      }
    }
  }

  /**
   * Writes a minute's running total and adds its clicks since the last write, and their users, to
   * hour and day, and to the advertiser's totals.
   */
  private BucketTally emitMinute(
      long key, long minute, BucketTally tally, Context ctx, Collector<BucketCount> out)
      throws Exception {
    Long owner = advertiser.value();
    out.collect(total(Granularity.MINUTE, owner, key, minute, tally));
    long added = tally.clicks() - tally.emitted();
    if (added > 0 && owner != null) {
      ctx.output(ADVERTISER_CLICKS, new AdvertiserClicks(owner, minute, added, tally.users()));
    }
    for (Granularity g : new Granularity[] {Granularity.HOUR, Granularity.DAY}) {
      MapState<Long, BucketTally> state = buckets.get(g);
      long start = g.bucketStart(minute);
      BucketTally rolled = state.get(start);
      state.put(start, (rolled == null ? BucketTally.EMPTY : rolled).plus(added, tally.users()));
    }
    return tally.minuteWritten();
  }

  /**
   * The bucket starting at {@code start}, whose final (or, with {@code drop}, expiry) timer this
   * is, if it exists: emits its total if unwritten, and on expiry removes it.
   */
  private void closeAt(
      Granularity g, long key, long start, boolean drop, Context ctx, Collector<BucketCount> out)
      throws Exception {
    if (start < 0 || g.bucketStart(start) != start) {
      return;
    }
    MapState<Long, BucketTally> state = buckets.get(g);
    BucketTally tally = state.get(start);
    if (tally == null) {
      return;
    }
    if (tally.changed()) {
      if (g == Granularity.MINUTE) {
        // Every changed minute, this one included, with the hours and days they roll into: the
        // users waiting are all folded in at once, and the hour and day never trail their minutes.
        flush(key, ctx, out);
        tally = state.get(start);
      } else {
        out.collect(total(g, key, start, tally));
        tally = tally.markEmitted();
      }
    }
    if (drop) {
      state.remove(start);
      // Days expire last: with none left the key holds nothing, and a new click sets it again.
      if (g == Granularity.DAY && state.isEmpty()) {
        advertiser.clear();
      }
    } else {
      state.put(start, tally);
    }
  }

  private long finalAt(Granularity g, long bucketStart) {
    return bucketStart + g.millis() + allowedLateness;
  }

  private long dropAt(Granularity g, long bucketStart) {
    return bucketStart + g.millis() + correctionHorizon;
  }

  /**
   * This key's running total, with its users for hours and days: for a hot ad, one salt's share,
   * which the store sums.
   */
  private BucketCount total(Granularity g, long key, long bucketStart, BucketTally tally)
      throws Exception {
    return total(g, advertiser.value(), key, bucketStart, tally);
  }

  private static BucketCount total(
      Granularity g, Long owner, long key, long bucketStart, BucketTally tally) {
    return new BucketCount(
        g,
        owner == null ? 0 : owner,
        CounterKey.adId(key),
        bucketStart,
        tally.clicks(),
        CounterKey.salt(key),
        g == Granularity.MINUTE ? UserSketch.EMPTY : tally.users());
  }
}
