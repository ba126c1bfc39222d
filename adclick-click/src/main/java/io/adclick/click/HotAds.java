package io.adclick.click;

import io.adclick.event.ClickEvent;
import io.adclick.token.ImpressionId;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Spots ads clicked faster than a threshold and spreads their clicks over several keys.
 *
 * <p>Every click of an ad goes to one Kafka partition and one counting subtask, keyed by the ad: an
 * ad taking most of the traffic would pin the whole load on one of each. Once an ad passes {@code
 * thresholdPerSecond} clicks in one second on this click service, its clicks get a salt, {@code
 * hash(impression id) mod salts}, which both the Kafka key and the job's counting key include; the
 * store sums the salts. The salt depends only on the impression, so an impression's repeats share
 * partition and order, and dedup (keyed by impression id anyway) is unaffected. An ad stays hot for
 * {@code cooldown} after it last passed the threshold, so it does not flap between key layouts.
 *
 * <p>State bound: one counter per ad clicked in the current second, and one entry per hot ad.
 */
public final class HotAds {

  /**
   * @param thresholdPerSecond clicks of one ad in one second on this service that make it hot; 0
   *     turns salting off
   * @param salts how many keys a hot ad is spread over
   * @param cooldown how long an ad stays hot after it last passed the threshold
   */
  public record Settings(int thresholdPerSecond, int salts, Duration cooldown) {
    public Settings {
      if (thresholdPerSecond < 0) {
        throw new IllegalArgumentException("hot-ad threshold must not be negative");
      }
      if (salts < 1 || salts > ClickEvent.MAX_SALTS) {
        throw new IllegalArgumentException("hot-ad salts must be 1.." + ClickEvent.MAX_SALTS);
      }
    }

    /** 1,000 clicks/s, a tenth of the design peak, spread over 8 keys for a minute. */
    public static Settings defaults() {
      return new Settings(1_000, 8, Duration.ofMinutes(1));
    }
  }

  private record Window(long second, ConcurrentHashMap<Long, AtomicLong> clicks) {}

  private final Settings settings;
  private final LongSupplier millis;
  private final AtomicReference<Window> window;
  private final ConcurrentHashMap<Long, Long> hotUntil = new ConcurrentHashMap<>();

  public HotAds(Settings settings, LongSupplier millis) {
    this.settings = settings;
    this.millis = millis;
    this.window = new AtomicReference<>(new Window(millis.getAsLong() / 1000, newCounts()));
  }

  /** Counts the click and answers its salt: 0 unless the ad is hot. */
  public int saltFor(long adId, ImpressionId impression) {
    if (settings.thresholdPerSecond() == 0 || settings.salts() == 1) {
      return 0;
    }
    long now = millis.getAsLong();
    AtomicLong clicks = current(now).clicks().computeIfAbsent(adId, id -> new AtomicLong());
    // Exactly one click per second and ad crosses the threshold: the hot mark is written once a
    // second, not on every click of a hot ad.
    if (clicks.incrementAndGet() == settings.thresholdPerSecond()) {
      hotUntil.put(adId, now + settings.cooldown().toMillis());
    }
    Long until = hotUntil.get(adId);
    if (until == null || until <= now) {
      return 0;
    }
    return Math.floorMod(mix(impression.hi() ^ impression.lo()), settings.salts());
  }

  /** Ads hot right now. */
  public int hotCount() {
    long now = millis.getAsLong();
    return (int) hotUntil.values().stream().filter(until -> until > now).count();
  }

  private Window current(long now) {
    long second = now / 1000;
    Window w = window.get();
    if (w.second() == second) {
      return w;
    }
    Window next = new Window(second, newCounts());
    if (window.compareAndSet(w, next)) {
      hotUntil.values().removeIf(until -> until <= now);
      return next;
    }
    return window.get();
  }

  private static ConcurrentHashMap<Long, AtomicLong> newCounts() {
    return new ConcurrentHashMap<>(256);
  }

  /** Impression ids are random, but a weak one must not put every click on one salt. */
  private static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    return x;
  }
}
