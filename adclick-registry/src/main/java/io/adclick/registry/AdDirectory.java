package io.adclick.registry;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Read-through cache in front of an {@link AdRegistry} for the hot paths: the click redirect looks
 * up ads, API-key authentication looks up advertisers by key hash. Thread-safe.
 *
 * <p>Entries are refreshed from the registry at most {@code staleness} after they were loaded, so a
 * paused ad or a changed URL takes effect within that time. Misses are cached too, so unknown ids
 * cannot hammer the registry, but for at most one second, so an ad created on another node shows up
 * quickly.
 *
 * <p>Registry reads run on a small pool of their own ({@link #adAsync}), never on the caller's
 * thread: with a remote registry a miss is a network round trip, up to the pool's timeout while the
 * database is down, and an event loop must not wait for it.
 */
public final class AdDirectory {

  /**
   * Around 200 bytes per cached ad (key, {@code Optional}, the record and its two short strings,
   * cache node), so about 200 MB of heap at this bound.
   */
  public static final long DEFAULT_MAX_ADS = 1_000_000;

  /** Around 300 bytes per entry (a 64-character key plus the advertiser), about 30 MB. */
  public static final long DEFAULT_MAX_API_KEYS = 100_000;

  public static final Duration DEFAULT_STALENESS = Duration.ofSeconds(10);

  static final Duration MAX_NEGATIVE_STALENESS = Duration.ofSeconds(1);

  /** As many concurrent registry reads as the PostgreSQL registry's pool has connections. */
  static final int LOADER_THREADS = 8;

  /**
   * Reads waiting for a loader thread. Beyond this the registry is far behind (or down) and a new
   * miss is answered "unavailable" at once rather than queued for seconds: about 10,000 × 100 bytes
   * of queue, and a second of clicks on uncached ads at 10k/s.
   */
  static final int MAX_WAITING_READS = 10_000;

  private final AsyncLoadingCache<Long, Optional<Ad>> ads;
  private final AsyncLoadingCache<String, Optional<Advertiser>> advertisersByKeyHash;

  public AdDirectory(AdRegistry registry) {
    this(registry, DEFAULT_MAX_ADS, DEFAULT_MAX_API_KEYS, DEFAULT_STALENESS);
  }

  /**
   * @param maxAds how many ads (found or not) to keep cached
   * @param maxApiKeys how many API key hashes (found or not) to keep cached
   * @param staleness how long a loaded entry is served before it is read again
   */
  public AdDirectory(AdRegistry registry, long maxAds, long maxApiKeys, Duration staleness) {
    this(registry, maxAds, maxApiKeys, staleness, Ticker.systemTicker(), loaderPool());
  }

  /** With a controllable time source, for tests; reads run on the calling thread. */
  AdDirectory(
      AdRegistry registry, long maxAds, long maxApiKeys, Duration staleness, Ticker ticker) {
    this(registry, maxAds, maxApiKeys, staleness, ticker, Runnable::run);
  }

  AdDirectory(
      AdRegistry registry,
      long maxAds,
      long maxApiKeys,
      Duration staleness,
      Ticker ticker,
      Executor loader) {
    if (staleness.isNegative()) {
      throw new IllegalArgumentException("staleness must not be negative: " + staleness);
    }
    Duration negative =
        staleness.compareTo(MAX_NEGATIVE_STALENESS) < 0 ? staleness : MAX_NEGATIVE_STALENESS;
    this.ads = cache(maxAds, staleness, negative, ticker, loader, registry::ad);
    this.advertisersByKeyHash =
        cache(maxApiKeys, staleness, negative, ticker, loader, registry::advertiserByApiKeyHash);
  }

  private static <K, V> AsyncLoadingCache<K, Optional<V>> cache(
      long maximumSize,
      Duration staleness,
      Duration negative,
      Ticker ticker,
      Executor executor,
      CacheLoader<K, Optional<V>> loader) {
    // Expire after write, not access: a hot entry must still be re-read within the bound.
    Expiry<K, Optional<V>> expiry =
        Expiry.writing((key, value) -> value.isPresent() ? staleness : negative);
    return Caffeine.newBuilder()
        .maximumSize(maximumSize)
        .expireAfter(expiry)
        .ticker(ticker)
        .executor(executor)
        .buildAsync(loader);
  }

  /**
   * The ad, complete at once when cached; otherwise read from the registry on a loader thread. A
   * registry that cannot answer fails the future with {@link RegistryUnavailableException}.
   */
  public CompletableFuture<Optional<Ad>> adAsync(long id) {
    try {
      return ads.get(id);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(tooManyWaiting());
    }
  }

  /** Like {@link #adAsync}, waiting for the read: for callers off the event loop. */
  public Optional<Ad> ad(long id) {
    return await(adAsync(id));
  }

  /** Waits for the read, so call it off the event loop. */
  public Optional<Advertiser> advertiserByApiKeyHash(String apiKeyHash) {
    try {
      return await(advertisersByKeyHash.get(apiKeyHash));
    } catch (RejectedExecutionException e) {
      throw tooManyWaiting();
    }
  }

  /** Caches an ad this node just wrote, replacing any cached miss. */
  public void remember(Ad ad) {
    ads.put(ad.id(), CompletableFuture.completedFuture(Optional.of(ad)));
  }

  /** Caches an advertiser this node just wrote, replacing any cached miss. */
  public void remember(Advertiser advertiser) {
    advertisersByKeyHash.put(
        advertiser.apiKeyHash(), CompletableFuture.completedFuture(Optional.of(advertiser)));
  }

  /** Entries currently cached, after pending evictions; for tests. */
  long cachedAds() {
    ads.synchronous().cleanUp();
    return ads.synchronous().estimatedSize();
  }

  /** The read's own exception, as a synchronous read would have thrown it. */
  private static <T> T await(CompletableFuture<T> read) {
    try {
      return read.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private static RegistryUnavailableException tooManyWaiting() {
    return new RegistryUnavailableException(
        MAX_WAITING_READS + " registry reads are already waiting", null);
  }

  /**
   * Loader threads for the registry's reads: at most {@link #LOADER_THREADS}, daemon, gone when
   * idle, and at most {@link #MAX_WAITING_READS} reads queued for them.
   */
  static Executor loaderPool() {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            LOADER_THREADS,
            LOADER_THREADS,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(MAX_WAITING_READS),
            r -> {
              Thread t = new Thread(r, "ad-directory-loader-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
