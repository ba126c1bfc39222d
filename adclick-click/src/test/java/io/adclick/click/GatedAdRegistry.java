package io.adclick.click;

import io.adclick.registry.Ad;
import io.adclick.registry.AdChange;
import io.adclick.registry.AdRegistry;
import io.adclick.registry.Advertiser;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real registry whose ad reads can be held at a gate, as a remote registry holds them for a
 * network round trip or while its database is down.
 */
final class GatedAdRegistry implements AdRegistry {
  private final AdRegistry registry;
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private volatile CountDownLatch readAtGate = new CountDownLatch(1);

  GatedAdRegistry(AdRegistry registry) {
    this.registry = registry;
  }

  /** Ad reads from now on wait until {@link #open}. */
  void closeGate() {
    readAtGate = new CountDownLatch(1);
    gate = new CountDownLatch(1);
  }

  /** True once a read has reached the gate since it was closed. */
  boolean awaitReadAtGate() throws InterruptedException {
    return readAtGate.await(10, TimeUnit.SECONDS);
  }

  void open() {
    gate.countDown();
  }

  @Override
  public Optional<Ad> ad(long id) {
    CountDownLatch gate = this.gate;
    readAtGate.countDown();
    try {
      if (!gate.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the gate");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return registry.ad(id);
  }

  @Override
  public Advertiser createAdvertiser(String name, String apiKeyHash) {
    return registry.createAdvertiser(name, apiKeyHash);
  }

  @Override
  public Optional<Advertiser> advertiser(long id) {
    return registry.advertiser(id);
  }

  @Override
  public Optional<Advertiser> advertiserByApiKeyHash(String apiKeyHash) {
    return registry.advertiserByApiKeyHash(apiKeyHash);
  }

  @Override
  public Ad createAd(long advertiserId, String name, String targetUrl) {
    return registry.createAd(advertiserId, name, targetUrl);
  }

  @Override
  public Optional<Ad> updateAd(long adId, AdChange change) {
    return registry.updateAd(adId, change);
  }

  @Override
  public List<Ad> adsOf(long advertiserId) {
    return registry.adsOf(advertiserId);
  }

  @Override
  public void close() {
    registry.close();
  }
}
