package io.adclick.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Limits each bearer credential to a sustained request rate with a burst allowance (a token bucket
 * per credential), so one advertiser's script cannot take the query path from the others. Requests
 * without a bearer are not limited here: they fail authentication anyway.
 *
 * <p>State bound: at most {@code maxKeys} buckets (about 100 bytes each), dropped after a minute
 * unused; an evicted key starts again with a full bucket, which only ever errs towards letting a
 * request through.
 */
public final class BearerRateLimit {

  /** Enough for a dashboard refreshing a few charts every few seconds, and for scripts. */
  public static final double DEFAULT_PER_SECOND = 20;

  static final long DEFAULT_MAX_KEYS = 100_000;

  private final double perNano;
  private final double burst;
  private final LongSupplier nanoTime;
  private final Cache<String, Bucket> buckets;

  /**
   * @param perSecond sustained requests per second per key
   * @param burst requests a key may send at once after being idle
   * @param nanoTime the clock, {@code System::nanoTime} outside tests
   */
  public BearerRateLimit(double perSecond, double burst, LongSupplier nanoTime) {
    this(perSecond, burst, nanoTime, DEFAULT_MAX_KEYS);
  }

  BearerRateLimit(double perSecond, double burst, LongSupplier nanoTime, long maxKeys) {
    if (!(perSecond > 0) || burst < 1) {
      throw new IllegalArgumentException(
          "rate must be positive and burst at least 1: " + perSecond + "/s, burst " + burst);
    }
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(maxKeys)
            .expireAfterAccess(1, TimeUnit.MINUTES)
            .ticker(nanoTime::getAsLong)
            .build();
  }

  /** The handler, answering {@code 429} with {@code Retry-After} to keys over their rate. */
  public ApiHandler limit(ApiHandler handler) {
    return request -> {
      request.bearer().ifPresent(this::acquire);
      return handler.handle(request);
    };
  }

  /**
   * @throws ApiException 429 when the key has no request left right now
   */
  void acquire(String key) {
    Bucket bucket = buckets.get(key, k -> new Bucket(burst, nanoTime.getAsLong()));
    long waitNanos = bucket.take(nanoTime.getAsLong(), perNano, burst);
    if (waitNanos > 0) {
      throw ApiException.tooManyRequests(Duration.ofNanos(waitNanos));
    }
  }

  /** Tokens left and when they were counted; guarded by its own monitor. */
  private static final class Bucket {
    private double tokens;
    private long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }

    /** Takes one token and returns 0, or returns how long until one is there. */
    synchronized long take(long now, double perNano, double burst) {
      tokens = Math.min(burst, tokens + (now - at) * perNano);
      at = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / perNano);
    }
  }
}
