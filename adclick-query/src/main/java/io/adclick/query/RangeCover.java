package io.adclick.query;

import io.adclick.time.Granularity;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a time range into runs of stored buckets that cover it exactly, each in the coarsest
 * granularity that fits: whole UTC days inside the range as days, whole hours around them as hours,
 * and only the ragged minute edges as minutes. A year of totals is then ~365 day rows plus a few
 * edges rather than 525,600 minute rows, and it stays readable after minute rows expired (minutes
 * are kept ~30 days, hours and days for years).
 */
final class RangeCover {

  /** The buckets of one granularity starting in {@code [from, to)}, both ends aligned to it. */
  record Run(Granularity granularity, long from, long to) {}

  private RangeCover() {}

  /**
   * The runs covering {@code [from, to)} in time order, adjacent runs of one granularity merged.
   *
   * @throws IllegalArgumentException unless both ends are whole UTC minutes and from <= to
   */
  static List<Run> of(long from, long to) {
    check(from, to);
    List<Run> runs = new ArrayList<>();
    cover(from, to, Granularity.DAY, runs);
    return runs;
  }

  /**
   * Runs covering each bucket {@code [bounds[i], bounds[i+1])} on its own, so no stored bucket
   * straddles two of them, with adjacent runs merged across buckets so a series costs few reads.
   *
   * @param bounds bucket boundaries in increasing order, whole UTC minutes
   */
  static List<Run> ofBuckets(List<Long> bounds) {
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i + 1 < bounds.size(); i++) {
      long from = bounds.get(i);
      long to = bounds.get(i + 1);
      check(from, to);
      cover(from, to, Granularity.DAY, runs);
    }
    return runs;
  }

  /**
   * The whole {@code g} buckets in the middle, the finer granularity for what is left each side.
   */
  private static void cover(long from, long to, Granularity g, List<Run> runs) {
    if (from >= to) {
      return;
    }
    if (g == Granularity.MINUTE) {
      add(runs, new Run(g, from, to));
      return;
    }
    Granularity finer = g == Granularity.DAY ? Granularity.HOUR : Granularity.MINUTE;
    long wholeFrom = g.bucketStart(from + g.millis() - 1);
    long wholeTo = g.bucketStart(to);
    if (wholeFrom >= wholeTo) {
      cover(from, to, finer, runs);
      return;
    }
    cover(from, wholeFrom, finer, runs);
    add(runs, new Run(g, wholeFrom, wholeTo));
    cover(wholeTo, to, finer, runs);
  }

  private static void check(long from, long to) {
    long minute = Granularity.MINUTE.millis();
    if (from > to || from % minute != 0 || to % minute != 0) {
      throw new IllegalArgumentException(
          "not a range of whole minutes: [" + from + ", " + to + ")");
    }
  }

  private static void add(List<Run> runs, Run run) {
    if (!runs.isEmpty()) {
      Run last = runs.get(runs.size() - 1);
      if (last.granularity() == run.granularity() && last.to() == run.from()) {
        runs.set(runs.size() - 1, new Run(run.granularity(), last.from(), run.to()));
        return;
      }
    }
    runs.add(run);
  }
}
