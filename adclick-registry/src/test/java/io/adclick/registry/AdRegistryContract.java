package io.adclick.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AdRegistry} adapter must do. Each adapter's test extends this, creating a
 * fresh, empty registry per test and reopening its storage as after a restart.
 */
public abstract class AdRegistryContract {

  protected static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  protected static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static final int THREADS = 4;
  private static final int CREATES_PER_THREAD = 25;

  /** The registry under test; replaced by {@link #reopen}, closed after each test. */
  protected AdRegistry registry;

  /** A registry on new, empty storage, stamping records with {@link #CLOCK}. */
  protected abstract AdRegistry createRegistry();

  /**
   * The storage of {@code previous} opened again as after a restart; {@code previous} is closed
   * first.
   */
  protected abstract AdRegistry reopen(AdRegistry previous);

  @BeforeEach
  void openRegistry() {
    registry = createRegistry();
  }

  @AfterEach
  void closeRegistry() {
    registry.close();
  }

  protected static String hash(String key) {
    return ApiKeys.hash(key);
  }

  @Test
  void createdRecordsCanBeReadBack() {
    Advertiser acme = registry.createAdvertiser("Acme", hash("k1"));
    Ad ad = registry.createAd(acme.id(), "Spring sale", "https://acme.example/sale");

    assertThat(acme).isEqualTo(new Advertiser(1, "Acme", hash("k1"), NOW.toEpochMilli()));
    assertThat(ad)
        .isEqualTo(
            new Ad(
                1,
                acme.id(),
                "Spring sale",
                "https://acme.example/sale",
                AdStatus.ACTIVE,
                NOW.toEpochMilli()));
    assertThat(registry.advertiser(acme.id())).contains(acme);
    assertThat(registry.ad(ad.id())).contains(ad);
    assertThat(registry.advertiser(99)).isEmpty();
    assertThat(registry.ad(99)).isEmpty();
  }

  @Test
  void advertisersAreFoundByApiKeyHash() {
    Advertiser acme = registry.createAdvertiser("Acme", hash("k1"));
    Advertiser globex = registry.createAdvertiser("Globex", hash("k2"));

    assertThat(registry.advertiserByApiKeyHash(hash("k1"))).contains(acme);
    assertThat(registry.advertiserByApiKeyHash(hash("k2"))).contains(globex);
    assertThat(registry.advertiserByApiKeyHash(hash("k3"))).isEmpty();
  }

  @Test
  void anApiKeyHashBelongsToOneAdvertiserOnly() {
    registry.createAdvertiser("Acme", hash("k1"));

    assertThatThrownBy(() -> registry.createAdvertiser("Impostor", hash("k1")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(registry.advertiserByApiKeyHash(hash("k1")).orElseThrow().name()).isEqualTo("Acme");
  }

  @Test
  void adsOfListsOnlyThatAdvertisersAdsInIdOrder() {
    Advertiser first = registry.createAdvertiser("First", hash("k1"));
    Advertiser second = registry.createAdvertiser("Second", hash("k2"));
    Advertiser idle = registry.createAdvertiser("Idle", hash("k3"));
    Ad a1 = registry.createAd(first.id(), "a1", "https://first.example/1");
    Ad b1 = registry.createAd(second.id(), "b1", "https://second.example/1");
    Ad a2 = registry.createAd(first.id(), "a2", "https://first.example/2");
    Ad b2 = registry.createAd(second.id(), "b2", "https://second.example/2");
    Ad a3 = registry.createAd(first.id(), "a3", "https://first.example/3");

    assertThat(registry.adsOf(first.id())).containsExactly(a1, a2, a3);
    assertThat(registry.adsOf(second.id())).containsExactly(b1, b2);
    assertThat(registry.adsOf(idle.id())).isEmpty();
    assertThat(registry.adsOf(404)).isEmpty();
  }

  @Test
  void createAdRejectsAnUnknownAdvertiserAndStoresNothing() {
    assertThatThrownBy(() -> registry.createAd(7, "orphan", "https://x.example/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("7");
    assertThat(registry.adsOf(7)).isEmpty();
  }

  @Test
  void idsStartAtOneSurviveReopenAndAreNeverReused() {
    Advertiser acme = registry.createAdvertiser("Acme", hash("k1"));
    Ad first = registry.createAd(acme.id(), "a1", "https://acme.example/1");
    Ad second = registry.createAd(acme.id(), "a2", "https://acme.example/2");
    assertThat(acme.id()).isEqualTo(1);
    assertThat(first.id()).isEqualTo(1);
    assertThat(second.id()).isEqualTo(2);

    registry = reopen(registry);

    assertThat(registry.advertiser(1)).contains(acme);
    assertThat(registry.adsOf(1)).containsExactly(first, second);
    assertThat(registry.createAdvertiser("Globex", hash("k2")).id()).isEqualTo(2);
    assertThat(registry.createAd(acme.id(), "a3", "https://acme.example/3").id()).isEqualTo(3);
  }

  @Test
  void idsRefusedOrFailedAreNotHandedOutAgain() {
    Advertiser acme = registry.createAdvertiser("Acme", hash("k1"));
    Ad before = registry.createAd(acme.id(), "a1", "https://acme.example/1");
    assertThatThrownBy(() -> registry.createAdvertiser("Impostor", hash("k1")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> registry.createAd(404, "orphan", "https://x.example/"))
        .isInstanceOf(IllegalArgumentException.class);

    Advertiser globex = registry.createAdvertiser("Globex", hash("k2"));
    Ad after = registry.createAd(globex.id(), "b1", "https://globex.example/1");

    // Gaps are allowed (a sequence may spend a value on a refused insert); going back is not.
    assertThat(globex.id()).isGreaterThan(acme.id());
    assertThat(after.id()).isGreaterThan(before.id());
  }

  @Test
  void updateAdChangesStatusOrTargetUrlAndNothingElse() {
    Advertiser acme = registry.createAdvertiser("Acme", hash("k1"));
    Ad ad = registry.createAd(acme.id(), "Spring sale", "https://acme.example/sale");
    Ad other = registry.createAd(acme.id(), "Other", "https://acme.example/other");

    Ad paused = registry.updateAd(ad.id(), AdChange.status(AdStatus.PAUSED)).orElseThrow();
    assertThat(paused)
        .isEqualTo(
            new Ad(
                ad.id(),
                acme.id(),
                "Spring sale",
                "https://acme.example/sale",
                AdStatus.PAUSED,
                NOW.toEpochMilli()));
    assertThat(registry.ad(ad.id())).contains(paused);

    Ad moved =
        registry.updateAd(ad.id(), AdChange.targetUrl("https://acme.example/v2")).orElseThrow();
    assertThat(moved.targetUrl()).isEqualTo("https://acme.example/v2");
    assertThat(moved.status()).isEqualTo(AdStatus.PAUSED);

    Ad both =
        registry
            .updateAd(ad.id(), new AdChange(AdStatus.ACTIVE, "https://acme.example/v3"))
            .orElseThrow();
    assertThat(both.status()).isEqualTo(AdStatus.ACTIVE);
    assertThat(both.targetUrl()).isEqualTo("https://acme.example/v3");

    assertThat(registry.updateAd(ad.id(), new AdChange(null, null))).contains(both);
    assertThat(registry.adsOf(acme.id())).containsExactly(both, other);
  }

  @Test
  void updateAdOfAnUnknownIdIsEmptyAndCreatesNothing() {
    Advertiser acme = registry.createAdvertiser("Acme", hash("k1"));

    assertThat(registry.updateAd(42, AdChange.status(AdStatus.PAUSED))).isEmpty();
    assertThat(registry.ad(42)).isEmpty();
    assertThat(registry.adsOf(acme.id())).isEmpty();
  }

  @Test
  void updatesSurviveReopen() {
    Advertiser acme = registry.createAdvertiser("Acme", hash("k1"));
    Ad ad = registry.createAd(acme.id(), "a1", "https://acme.example/1");
    Ad changed =
        registry
            .updateAd(ad.id(), new AdChange(AdStatus.PAUSED, "https://acme.example/new"))
            .orElseThrow();

    registry = reopen(registry);

    assertThat(registry.ad(ad.id())).contains(changed);
  }

  @Test
  void concurrentCreatesGetDistinctIds() throws Exception {
    List<Advertiser> advertisers =
        concurrently(t -> registry.createAdvertiser("adv-" + t, hash("key-" + t)));
    Advertiser owner = advertisers.get(0);
    List<List<Ad>> perThread =
        concurrently(
            t -> {
              List<Ad> ads = new ArrayList<>();
              for (int i = 0; i < CREATES_PER_THREAD; i++) {
                ads.add(registry.createAd(owner.id(), t + "-" + i, "https://x.example/" + i));
              }
              return ads;
            });

    Set<Long> advertiserIds = new HashSet<>();
    advertisers.forEach(a -> advertiserIds.add(a.id()));
    assertThat(advertiserIds).hasSize(THREADS).allMatch(id -> id > 0);
    Set<Long> adIds = new HashSet<>();
    perThread.forEach(ads -> ads.forEach(a -> adIds.add(a.id())));
    assertThat(adIds).hasSize(THREADS * CREATES_PER_THREAD).allMatch(id -> id > 0);
    assertThat(registry.adsOf(owner.id()))
        .hasSize(THREADS * CREATES_PER_THREAD)
        .isSortedAccordingTo((a, b) -> Long.compare(a.id(), b.id()));
  }

  @Test
  void concurrentUpdatesOfDifferentFieldsAreBothKept() throws Exception {
    Advertiser acme = registry.createAdvertiser("Acme", hash("k1"));
    List<Ad> ads = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ads.add(registry.createAd(acme.id(), "a" + i, "https://acme.example/" + i));
    }

    // Half the threads pause every ad, the other half move every ad: a read-modify-write that is
    // not atomic would let one undo the other.
    concurrently(
        t -> {
          for (Ad ad : ads) {
            AdChange change =
                t % 2 == 0
                    ? AdChange.status(AdStatus.PAUSED)
                    : AdChange.targetUrl("https://acme.example/moved/" + ad.id());
            registry.updateAd(ad.id(), change);
          }
          return null;
        });

    for (Ad ad : ads) {
      Ad now = registry.ad(ad.id()).orElseThrow();
      assertThat(now.status()).isEqualTo(AdStatus.PAUSED);
      assertThat(now.targetUrl()).isEqualTo("https://acme.example/moved/" + ad.id());
    }
  }

  @Test
  void closeIsIdempotentAndAClosedRegistryRefusesUse() {
    registry.close();
    registry.close();

    assertThatThrownBy(() -> registry.ad(1)).isInstanceOf(IllegalStateException.class);
  }

  @FunctionalInterface
  private interface PerThread<T> {
    T run(int thread) throws Exception;
  }

  /** Runs the task on {@link #THREADS} threads released together; their results in thread order. */
  private static <T> List<T> concurrently(PerThread<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        Callable<T> call =
            () -> {
              start.await();
              return task.run(thread);
            };
        futures.add(pool.submit(call));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
