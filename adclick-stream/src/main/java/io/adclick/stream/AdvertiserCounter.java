package io.adclick.stream;

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
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sums an advertiser's ads into hour and day running totals, from the clicks each ad's counter adds
 * to a minute when it writes it ({@link BucketCounter#ADVERTISER_CLICKS}). Counting here, in
 * checkpointed state, is what lets the store write every total blind: it never has to read an ad's
 * old total to add the difference to the advertiser's.
 *
 * <p>Writes changed totals every flush interval, and when the watermark passes a minute's end plus
 * the allowed lateness: the ad counters send a final minute's clicks before that watermark, so the
 * advertiser's totals including them are written before it too, and a bucket the store calls final
 * is final for the advertiser as well.
 *
 * <p>Distinct users arrive with the clicks and are merged into the hours' and days' tallies ({@link
 * BucketTally#users}) in the same step, so each total goes out with the users of exactly its
 * clicks.
 *
 * <p>State bound: per advertiser, the hours and days of the last correction horizon that had clicks
 * (two hours and two days at the default 1 h) with their user sketches (at most 2 KB each), and one
 * pending flush.
 */
public final class AdvertiserCounter
    extends KeyedProcessFunction<Long, AdvertiserClicks, BucketCount> {

  private static final long serialVersionUID = 1L;
  private static final Granularity[] KEPT = {Granularity.HOUR, Granularity.DAY};

  private final long flushInterval;
  private final long allowedLateness;
  private final long correctionHorizon;

  private transient Map<Granularity, MapState<Long, BucketTally>> totals;
  private transient ValueState<Long> pendingFlush;

  AdvertiserCounter(Duration flushInterval, Duration allowedLateness, Duration correctionHorizon) {
    this.flushInterval = flushInterval.toMillis();
    this.allowedLateness = allowedLateness.toMillis();
    this.correctionHorizon = correctionHorizon.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    totals = new EnumMap<>(Granularity.class);
    for (Granularity g : KEPT) {
      totals.put(
          g,
          getRuntimeContext()
              .getMapState(
                  new MapStateDescriptor<>(
                      "advertiser-" + g.apiName(),
                      Types.LONG,
                      TypeInformation.of(BucketTally.class))));
    }
    pendingFlush =
        getRuntimeContext().getState(new ValueStateDescriptor<>("pending-flush", Types.LONG));
  }

  @Override
  public void processElement(AdvertiserClicks added, Context ctx, Collector<BucketCount> out)
      throws Exception {
    for (Granularity g : KEPT) {
      long start = g.bucketStart(added.minuteStart());
      MapState<Long, BucketTally> state = totals.get(g);
      BucketTally tally = state.get(start);
      if (tally == null) {
        tally = BucketTally.EMPTY;
        ctx.timerService().registerEventTimeTimer(start + g.millis() + correctionHorizon);
      }
      state.put(start, tally.plus(added.clicks(), added.users()));
    }
    long minuteEnd = added.minuteStart() + Granularity.MINUTE.millis();
    ctx.timerService().registerEventTimeTimer(minuteEnd + allowedLateness);
    if (pendingFlush.value() == null) {
      long at = ctx.timerService().currentProcessingTime() + flushInterval;
      ctx.timerService().registerProcessingTimeTimer(at);
      pendingFlush.update(at);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<BucketCount> out)
      throws Exception {
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      pendingFlush.clear();
    }
    long advertiser = ctx.getCurrentKey();
    boolean eventTime = ctx.timeDomain() == TimeDomain.EVENT_TIME;
    for (Granularity g : KEPT) {
      MapState<Long, BucketTally> state = totals.get(g);
      List<Long> written = new ArrayList<>();
      List<Long> expired = new ArrayList<>();
      for (Map.Entry<Long, BucketTally> e : state.entries()) {
        BucketTally tally = e.getValue();
        if (tally.changed()) {
          out.collect(
              new BucketCount(
                  g,
                  advertiser,
                  BucketCount.ADVERTISER_TOTAL,
                  e.getKey(),
                  tally.clicks(),
                  0,
                  tally.users()));
          written.add(e.getKey());
        }
        if (eventTime && e.getKey() + g.millis() + correctionHorizon <= timestamp) {
          expired.add(e.getKey());
        }
      }
      // Updated after the scan: not every state backend lets an entry be changed while iterating.
      for (long start : written) {
        state.put(start, state.get(start).markEmitted());
      }
      for (long start : expired) {
        state.remove(start);
      }
    }
  }
}
