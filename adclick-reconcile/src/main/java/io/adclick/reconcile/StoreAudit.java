package io.adclick.reconcile;

import io.adclick.store.BucketCount;
import io.adclick.store.MetricsStore;
import io.adclick.time.Granularity;
import java.sql.SQLException;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Compares the store with the lake's recount over a range, a UTC day at a time (the unit the store
 * scans in), and hands on every difference: each ad's minutes, and each ad's and advertiser's hours
 * and days wholly inside the range, the recount's rolled up from its minutes. One pass of the
 * recount: the three store scans run beside it, each on its own thread.
 */
public final class StoreAudit {

  private final LakeRecount recount;
  private final MetricsStore store;

  public StoreAudit(LakeRecount recount, MetricsStore store) {
    this.recount = recount;
    this.store = store;
  }

  /**
   * @param from inclusive, a whole minute
   * @param to exclusive, a whole minute after {@code from}
   */
  public Comparison compare(long from, long to, Consumer<BucketDifference> differences)
      throws SQLException {
    return compare(from, to, differences, minutes -> {});
  }

  /**
   * As {@link #compare(long, long, Consumer)}, telling {@code minutesCompared} how many minutes of
   * the range are compared so far after each day: the unit of work, so progress is only as fine as
   * that (an hour's run goes from nothing to all at once).
   */
  public Comparison compare(
      long from, long to, Consumer<BucketDifference> differences, LongConsumer minutesCompared)
      throws SQLException {
    Comparison total = Comparison.NONE;
    for (long start = from; start < to; ) {
      long end = Math.min(to, Granularity.DAY.bucketStart(start) + Granularity.DAY.millis());
      total = total.plus(compareWithinDay(start, end, differences));
      start = end;
      minutesCompared.accept((end - from) / Granularity.MINUTE.millis());
    }
    return total;
  }

  private Comparison compareWithinDay(long from, long to, Consumer<BucketDifference> differences)
      throws SQLException {
    try (RecountCursor recounted = recount.open(from, to);
        ScanAhead storedMinutes = ScanAhead.start(store, Granularity.MINUTE, from, to);
        RollupWalk hours = RollupWalk.start(Granularity.HOUR, from, to, store, differences);
        RollupWalk days = RollupWalk.start(Granularity.DAY, from, to, store, differences)) {
      BucketWalk minutes = new BucketWalk(storedMinutes, differences);
      while (recounted.hasNext()) {
        RecountedMinute m = recounted.next();
        minutes.recounted(
            new BucketCount(
                Granularity.MINUTE, m.advertiserId(), m.adId(), m.minuteStart(), m.clicks(), 0));
        hours.minute(m);
        days.minute(m);
      }
      minutes.finish();
      return minutes.result().plus(hours.finish()).plus(days.finish());
    }
  }
}
