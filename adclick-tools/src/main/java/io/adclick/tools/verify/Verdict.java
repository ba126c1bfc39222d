package io.adclick.tools.verify;

import io.adclick.tools.verify.ExpectedCounts.AdRange;
import io.adclick.tools.verify.ExpectedCounts.MinuteRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reported counts held against the ledger's expectation. A count below its expected minimum lost
 * clicks; one above its maximum counted some twice (or counted clicks that were never made).
 */
public record Verdict(
    List<AdDifference> ads, List<MinuteMismatch> minuteMismatches, long forgedRedirected) {

  /**
   * @param lost clicks the server should have counted and did not: {@code max(0, min - reported)}
   * @param doubled clicks counted beyond the most possible: {@code max(0, reported - max)}
   */
  public record AdDifference(
      long adId, long min, long max, long reported, long lost, long doubled) {
    public boolean differs() {
      return lost > 0 || doubled > 0;
    }
  }

  /** A minute whose reported count is outside its expected range. */
  public record MinuteMismatch(
      long adId, long minuteStartMillis, long min, long max, long reported) {}

  /**
   * @param reported per ad, the clicks reported per minute (by minute start, epoch ms)
   */
  public static Verdict of(ExpectedCounts expected, Map<Long, Map<Long, Long>> reported) {
    List<AdDifference> ads = new ArrayList<>();
    List<MinuteMismatch> minutes = new ArrayList<>();
    for (AdRange range : expected.ads().values()) {
      Map<Long, Long> byMinute = reported.getOrDefault(range.adId(), Map.of());
      long total = byMinute.values().stream().mapToLong(Long::longValue).sum();
      ads.add(
          new AdDifference(
              range.adId(),
              range.min(),
              range.max(),
              total,
              Math.max(0, range.min() - total),
              Math.max(0, total - range.max())));
      Map<Long, MinuteRange> expectedMinutes = expected.minutes(range.adId());
      TreeSet<Long> all = new TreeSet<>(expectedMinutes.keySet());
      byMinute.forEach(
          (m, clicks) -> {
            if (clicks != 0) {
              all.add(m);
            }
          });
      for (long m : all) {
        MinuteRange want = expectedMinutes.getOrDefault(m, new MinuteRange(0, 0));
        long got = byMinute.getOrDefault(m, 0L);
        if (got < want.min() || got > want.max()) {
          minutes.add(new MinuteMismatch(range.adId(), m, want.min(), want.max(), got));
        }
      }
    }
    return new Verdict(List.copyOf(ads), List.copyOf(minutes), expected.forgedRedirected());
  }

  public long lost() {
    return ads.stream().mapToLong(AdDifference::lost).sum();
  }

  public long doubled() {
    return ads.stream().mapToLong(AdDifference::doubled).sum();
  }

  public long expectedMin() {
    return ads.stream().mapToLong(AdDifference::min).sum();
  }

  public long ambiguous() {
    return ads.stream().mapToLong(d -> d.max() - d.min()).sum();
  }

  public long reported() {
    return ads.stream().mapToLong(AdDifference::reported).sum();
  }

  /** No click lost or counted twice, in any ad or minute, and no forged click redirected. */
  public boolean exact() {
    return lost() == 0 && doubled() == 0 && minuteMismatches.isEmpty() && forgedRedirected == 0;
  }

  /** Ads whose totals differ, by id. */
  public Map<Long, AdDifference> differences() {
    Map<Long, AdDifference> out = new TreeMap<>();
    ads.stream().filter(AdDifference::differs).forEach(d -> out.put(d.adId(), d));
    return out;
  }
}
