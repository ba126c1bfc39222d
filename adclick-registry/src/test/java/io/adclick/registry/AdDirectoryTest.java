package io.adclick.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdDirectoryTest {

  private static final Duration STALENESS = Duration.ofSeconds(10);

  private final FakeRegistry registry = new FakeRegistry();
  private final AtomicLong nanos = new AtomicLong();
  private final AdDirectory directory = new AdDirectory(registry, 100, 100, STALENESS, nanos::get);

  private static Ad ad(long id, String url) {
    return new Ad(id, 1, "ad" + id, url, AdStatus.ACTIVE, 0);
  }

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  @Test
  void readsThroughOnceAndServesRepeatsFromTheCache() {
    registry.ads.put(1L, ad(1, "https://a.example/"));

    assertThat(directory.ad(1)).contains(ad(1, "https://a.example/"));
    assertThat(directory.ad(1)).contains(ad(1, "https://a.example/"));
    assertThat(registry.adReads.get()).isEqualTo(1);
  }

  @Test
  void changesShowUpOnceTheStalenessBoundHasPassed() {
    registry.ads.put(1L, ad(1, "https://old.example/"));
    directory.ad(1);
    registry.ads.put(1L, ad(1, "https://new.example/"));

    advance(STALENESS.minusMillis(1));
    assertThat(directory.ad(1).orElseThrow().targetUrl()).isEqualTo("https://old.example/");
    advance(Duration.ofMillis(1));
    assertThat(directory.ad(1).orElseThrow().targetUrl()).isEqualTo("https://new.example/");
  }

  @Test
  void missesAreCachedForAtMostOneSecond() {
    assertThat(directory.ad(5)).isEmpty();
    registry.ads.put(5L, ad(5, "https://late.example/"));

    assertThat(directory.ad(5)).isEmpty();
    assertThat(registry.adReads.get()).isEqualTo(1);
    advance(Duration.ofSeconds(1));
    assertThat(directory.ad(5)).contains(ad(5, "https://late.example/"));
  }

  @Test
  void missesExpireWithRealTimeToo() {
    AdDirectory realTime = new AdDirectory(registry, 100, 100, Duration.ofMillis(20));
    assertThat(realTime.ad(5)).isEmpty();
    registry.ads.put(5L, ad(5, "https://late.example/"));

    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (realTime.ad(5).isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(realTime.ad(5)).isPresent();
  }

  @Test
  void rememberedEntriesReplaceCachedMissesWithoutReading() {
    assertThat(directory.ad(7)).isEmpty();
    Ad created = ad(7, "https://fresh.example/");
    Advertiser advertiser = new Advertiser(3, "Acme", "ab".repeat(32), 0);

    directory.remember(created);
    directory.remember(advertiser);

    assertThat(directory.ad(7)).contains(created);
    assertThat(directory.advertiserByApiKeyHash(advertiser.apiKeyHash())).contains(advertiser);
    assertThat(registry.adReads.get()).isEqualTo(1);
    assertThat(registry.keyReads.get()).isZero();
  }

  @Test
  void apiKeyLookupsReadThroughAndCache() {
    Advertiser acme = new Advertiser(3, "Acme", "cd".repeat(32), 0);
    registry.advertisers.put(acme.apiKeyHash(), acme);

    assertThat(directory.advertiserByApiKeyHash(acme.apiKeyHash())).contains(acme);
    assertThat(directory.advertiserByApiKeyHash(acme.apiKeyHash())).contains(acme);
    assertThat(directory.advertiserByApiKeyHash("ef".repeat(32))).isEmpty();
    assertThat(registry.keyReads.get()).isEqualTo(2);
  }

  @Test
  void theCacheStaysWithinItsMaximumSize() {
    AdDirectory small = new AdDirectory(registry, 10, 10, STALENESS, nanos::get);
    for (long id = 1; id <= 100; id++) {
      small.ad(id);
    }

    assertThat(small.cachedAds()).isLessThanOrEqualTo(10);
  }

  @Test
  void aMissIsReadOnALoaderThreadNotTheCallers() throws Exception {
    registry.ads.put(1L, ad(1, "https://a.example/"));
    AdDirectory pooled =
        new AdDirectory(registry, 100, 100, STALENESS, nanos::get, AdDirectory.loaderPool());
    Optional<Ad> read = pooled.adAsync(1).get(10, TimeUnit.SECONDS);

    assertThat(read).contains(ad(1, "https://a.example/"));
    assertThat(registry.lastReader).isNotSameAs(Thread.currentThread());
    assertThat(registry.lastReader.getName()).startsWith("ad-directory-loader-");
    assertThat(pooled.adAsync(1)).isCompletedWithValue(read);
    assertThat(registry.adReads.get()).isEqualTo(1);
  }

  @Test
  void aRegistryThatIsDownFailsTheReadWithoutCachingTheFailure() {
    registry.ads.put(1L, ad(1, "https://a.example/"));
    registry.down = true;

    assertThatThrownBy(() -> directory.ad(1)).isInstanceOf(RegistryUnavailableException.class);
    assertThat(directory.adAsync(1))
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(RegistryUnavailableException.class);

    registry.down = false;
    assertThat(directory.ad(1)).contains(ad(1, "https://a.example/"));
  }

  @Test
  void aReadNoLoaderCanTakeIsAnsweredUnavailableAtOnce() {
    Executor full =
        task -> {
          throw new RejectedExecutionException("queue full");
        };
    AdDirectory saturated = new AdDirectory(registry, 100, 100, STALENESS, nanos::get, full);

    assertThatThrownBy(() -> saturated.ad(1))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("registry reads are already waiting");
    assertThat(registry.adReads.get()).isZero();
  }

  /** An in-memory registry that counts hot-path reads. */
  private static final class FakeRegistry implements AdRegistry {
    final Map<Long, Ad> ads = new ConcurrentHashMap<>();
    final Map<String, Advertiser> advertisers = new ConcurrentHashMap<>();
    final AtomicInteger adReads = new AtomicInteger();
    final AtomicInteger keyReads = new AtomicInteger();
    volatile boolean down;
    volatile Thread lastReader;

    @Override
    public Optional<Ad> ad(long id) {
      adReads.incrementAndGet();
      lastReader = Thread.currentThread();
      if (down) {
        throw new RegistryUnavailableException("the registry's database is down", null);
      }
      return Optional.ofNullable(ads.get(id));
    }

    @Override
    public Optional<Advertiser> advertiserByApiKeyHash(String apiKeyHash) {
      keyReads.incrementAndGet();
      return Optional.ofNullable(advertisers.get(apiKeyHash));
    }

    @Override
    public Advertiser createAdvertiser(String name, String apiKeyHash) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Advertiser> advertiser(long id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Ad createAd(long advertiserId, String name, String targetUrl) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Ad> updateAd(long adId, AdChange change) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Ad> adsOf(long advertiserId) {
      return new ArrayList<>();
    }

    @Override
    public void close() {}
  }
}
