package io.adclick.tools.verify;

import static io.adclick.time.Granularity.MINUTE;

import io.adclick.tools.ledger.LedgerEntry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the server must have counted, derived from a ledger alone.
 *
 * <p>Per ad: every impression with a non-forged click answered {@code 302} counts exactly once
 * ({@code min}). An impression whose clicks got no answer at all (error, timeout) may or may not
 * have reached the server: it counts at most once ({@code ambiguous}), so the ad's count must lie
 * in {@code [min, min + ambiguous]}. Forged clicks, clicks answered anything but 302 and clicks
 * never sent count nothing.
 *
 * <p>Per minute: the server counts an impression in the minute it received the first click of it,
 * which lies between some click's intended send time and its answer. An impression whose every
 * possibly-received click falls in one minute belongs to that minute; one that spans minutes may
 * land in any of them, which widens each of those minutes' range by one.
 */
public final class ExpectedCounts {

  /** An ad's expected range: {@code [min, min + ambiguous]}. */
  public record AdRange(long adId, long min, long ambiguous) {
    public long max() {
      return min + ambiguous;
    }
  }

  /** A minute's expected range: {@code [min, min + maybe]}. */
  public record MinuteRange(long min, long maybe) {
    long max() {
      return min + maybe;
    }
  }

  private final Map<Long, AdRange> ads;
  private final Map<Long, Map<Long, MinuteRange>> minutes;
  private final long firstIntendedMillis;
  private final long lastDoneMillis;
  private final long forgedRedirected;

  private ExpectedCounts(
      Map<Long, AdRange> ads,
      Map<Long, Map<Long, MinuteRange>> minutes,
      long firstIntendedMillis,
      long lastDoneMillis,
      long forgedRedirected) {
    this.ads = ads;
    this.minutes = minutes;
    this.firstIntendedMillis = firstIntendedMillis;
    this.lastDoneMillis = lastDoneMillis;
    this.forgedRedirected = forgedRedirected;
  }

  /** Every ad with at least one click in the ledger, by id. */
  public Map<Long, AdRange> ads() {
    return ads;
  }

  /** Per ad, the expected range of each minute (by its start, epoch ms) that may hold a click. */
  public Map<Long, MinuteRange> minutes(long adId) {
    return minutes.getOrDefault(adId, Map.of());
  }

  public long firstIntendedMillis() {
    return firstIntendedMillis;
  }

  /** The last answer (or give-up) in the ledger: counts must be complete through it. */
  public long lastDoneMillis() {
    return lastDoneMillis;
  }

  /** Forged clicks that were redirected: each one is a broken guarantee on its own. */
  public long forgedRedirected() {
    return forgedRedirected;
  }

  /** Collects ledger entries, in any order, then {@link #build}s the expectation. */
  public static final class Builder {
    private final Map<String, Impression> impressions = new HashMap<>();
    private final Set<Long> clickedAds = new HashSet<>();
    private long firstIntended = Long.MAX_VALUE;
    private long lastDone = Long.MIN_VALUE;
    private long forgedRedirected;

    /** What one impression's possibly-received clicks add up to. */
    private static final class Impression {
      final long adId;
      boolean redirected;
      boolean ambiguous;
      long firstMinute = Long.MAX_VALUE;
      long lastMinute = Long.MIN_VALUE;

      Impression(long adId) {
        this.adId = adId;
      }
    }

    public Builder add(LedgerEntry e) {
      firstIntended = Math.min(firstIntended, e.intendedMillis());
      lastDone = Math.max(lastDone, e.doneMillis());
      clickedAds.add(e.adId()); // even if nothing of it may count: then its count must be 0
      if (e.forged()) {
        if (e.redirected()) {
          forgedRedirected++;
        }
        return this;
      }
      boolean mayHaveCounted = e.redirected() || e.outcome().ambiguous();
      if (!mayHaveCounted) {
        return this;
      }
      Impression i = impressions.computeIfAbsent(e.impressionId(), id -> new Impression(e.adId()));
      i.redirected |= e.redirected();
      i.ambiguous |= e.outcome().ambiguous();
      i.firstMinute = Math.min(i.firstMinute, MINUTE.bucketStart(e.intendedMillis()));
      i.lastMinute = Math.max(i.lastMinute, MINUTE.bucketStart(e.doneMillis()));
      return this;
    }

    public ExpectedCounts build() {
      Map<Long, long[]> perAd = new TreeMap<>();
      clickedAds.forEach(id -> perAd.put(id, new long[2]));
      Map<Long, Map<Long, long[]>> perMinute = new HashMap<>();
      for (Impression i : impressions.values()) {
        long[] ad = perAd.computeIfAbsent(i.adId, id -> new long[2]);
        ad[i.redirected ? 0 : 1]++;
        Map<Long, long[]> adMinutes = perMinute.computeIfAbsent(i.adId, id -> new TreeMap<>());
        boolean pinned = i.redirected && i.firstMinute == i.lastMinute;
        for (long m = i.firstMinute; m <= i.lastMinute; m += MINUTE.millis()) {
          adMinutes.computeIfAbsent(m, x -> new long[2])[pinned ? 0 : 1]++;
        }
      }
      Map<Long, AdRange> ads = new TreeMap<>();
      perAd.forEach((id, c) -> ads.put(id, new AdRange(id, c[0], c[1])));
      Map<Long, Map<Long, MinuteRange>> minutes = new HashMap<>();
      perMinute.forEach(
          (id, byMinute) -> {
            Map<Long, MinuteRange> ranges = new TreeMap<>();
            byMinute.forEach((m, c) -> ranges.put(m, new MinuteRange(c[0], c[1])));
            minutes.put(id, ranges);
          });
      return new ExpectedCounts(
          ads,
          minutes,
          firstIntended == Long.MAX_VALUE ? 0 : firstIntended,
          lastDone == Long.MIN_VALUE ? 0 : lastDone,
          forgedRedirected);
    }
  }
}
