package io.adclick.reconcile;

import io.adclick.store.MetricsStore;
import io.adclick.time.Granularity;
import java.sql.SQLException;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Compares the store's minutes with the lake's recount over a range, a UTC day at a time (the unit
 * the store scans minutes in), and hands on every difference.
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
  public Comparison compare(long from, long to, Consumer<MinuteDifference> differences)
      throws SQLException {
    return compare(from, to, differences, minutes -> {});
  }

  /**
   * As {@link #compare(long, long, Consumer)}, telling {@code minutesCompared} how many minutes of
   * the range are compared so far after each day: the unit of work, so progress is only as fine as
   * that (an hour's run goes from nothing to all at once).
   */
  public Comparison compare(
      long from, long to, Consumer<MinuteDifference> differences, LongConsumer minutesCompared)
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

  private Comparison compareWithinDay(long from, long to, Consumer<MinuteDifference> differences)
      throws SQLException {
    try (RecountCursor recounted = recount.open(from, to)) {
      MinuteComparison comparison = new MinuteComparison(recounted, differences);
      ScanAhead.scan(store, from, to, comparison);
      comparison.finish();
      return comparison.result();
    }
  }
}
