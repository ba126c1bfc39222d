package io.adclick.registry.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adclick.registry.Ad;
import io.adclick.registry.AdStatus;
import io.adclick.registry.Advertiser;
import io.adclick.registry.ApiKeys;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbAdRegistryTest {

  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path dir;

  private RocksDbAdRegistry registry;

  @BeforeEach
  void open() {
    registry = RocksDbAdRegistry.open(dir, CLOCK);
  }

  @AfterEach
  void close() {
    registry.close();
  }

  private static String hash(String key) {
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
  void createAdRejectsAnUnknownAdvertiser() {
    assertThatThrownBy(() -> registry.createAd(7, "orphan", "https://x.example/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("7");
  }

  @Test
  void idsStartAtOneSurviveReopenAndAreNeverReused() {
    Advertiser acme = registry.createAdvertiser("Acme", hash("k1"));
    Ad first = registry.createAd(acme.id(), "a1", "https://acme.example/1");
    Ad second = registry.createAd(acme.id(), "a2", "https://acme.example/2");
    assertThat(acme.id()).isEqualTo(1);
    assertThat(first.id()).isEqualTo(1);
    assertThat(second.id()).isEqualTo(2);

    registry.close();
    registry = RocksDbAdRegistry.open(dir, CLOCK);

    assertThat(registry.advertiser(1)).contains(acme);
    assertThat(registry.adsOf(1)).containsExactly(first, second);
    assertThat(registry.createAdvertiser("Globex", hash("k2")).id()).isEqualTo(2);
    assertThat(registry.createAd(acme.id(), "a3", "https://acme.example/3").id()).isEqualTo(3);
  }

  @Test
  void closeIsIdempotentAndAClosedRegistryRefusesUse() {
    registry.close();
    registry.close();

    assertThatThrownBy(() -> registry.ad(1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aDirectoryCanBeOpenedOnlyOnceAtATime() {
    assertThatThrownBy(() -> RocksDbAdRegistry.open(dir, CLOCK))
        .isInstanceOf(UncheckedIOException.class);
  }
}
