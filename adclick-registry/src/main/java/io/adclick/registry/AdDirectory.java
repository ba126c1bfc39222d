package io.adclick.registry;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;

/**
 * Read-through cache in front of an {@link AdRegistry} for the hot paths: the click redirect looks
 * up ads, API-key authentication looks up advertisers by key hash. Thread-safe.
 *
 * <p>Entries are refreshed from the registry at most {@code staleness} after they were loaded, so a
 * paused ad or a changed URL takes effect within that time. Misses are cached too, so unknown ids
 * cannot hammer the registry, but for at most one second, so an ad created on another node shows up
 * quickly.
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

  private final LoadingCache<Long, Optional<Ad>> ads;
  private final LoadingCache<String, Optional<Advertiser>> advertisersByKeyHash;

  public AdDirectory(AdRegistry registry) {
    this(registry, DEFAULT_MAX_ADS, DEFAULT_MAX_API_KEYS, DEFAULT_STALENESS);
  }

  /**
   * @param maxAds how many ads (found or not) to keep cached
   * @param maxApiKeys how many API key hashes (found or not) to keep cached
   * @param staleness how long a loaded entry is served before it is read again
   */
  public AdDirectory(AdRegistry registry, long maxAds, long maxApiKeys, Duration staleness) {
    this(registry, maxAds, maxApiKeys, staleness, Ticker.systemTicker());
  }

  /** With a controllable time source, for tests. */
  AdDirectory(
      AdRegistry registry, long maxAds, long maxApiKeys, Duration staleness, Ticker ticker) {
    if (staleness.isNegative()) {
      throw new IllegalArgumentException("staleness must not be negative: " + staleness);
    }
    Duration negative =
        staleness.compareTo(MAX_NEGATIVE_STALENESS) < 0 ? staleness : MAX_NEGATIVE_STALENESS;
    this.ads = cache(maxAds, staleness, negative, ticker, registry::ad);
    this.advertisersByKeyHash =
        cache(maxApiKeys, staleness, negative, ticker, registry::advertiserByApiKeyHash);
  }

  private static <K, V> LoadingCache<K, Optional<V>> cache(
      long maximumSize,
      Duration staleness,
      Duration negative,
      Ticker ticker,
      CacheLoader<K, Optional<V>> loader) {
    // Expire after write, not access: a hot entry must still be re-read within the bound.
    Expiry<K, Optional<V>> expiry =
        Expiry.writing((key, value) -> value.isPresent() ? staleness : negative);
    return Caffeine.newBuilder()
        .maximumSize(maximumSize)
        .expireAfter(expiry)
        .ticker(ticker)
        .build(loader);
  }

  public Optional<Ad> ad(long id) {
    return ads.get(id);
  }

  public Optional<Advertiser> advertiserByApiKeyHash(String apiKeyHash) {
    return advertisersByKeyHash.get(apiKeyHash);
  }

  /** Caches an ad this node just wrote, replacing any cached miss. */
  public void remember(Ad ad) {
    ads.put(ad.id(), Optional.of(ad));
  }

  /** Caches an advertiser this node just wrote, replacing any cached miss. */
  public void remember(Advertiser advertiser) {
    advertisersByKeyHash.put(advertiser.apiKeyHash(), Optional.of(advertiser));
  }

  /** Entries currently cached, after pending evictions; for tests. */
  long cachedAds() {
    ads.cleanUp();
    return ads.estimatedSize();
  }
}
