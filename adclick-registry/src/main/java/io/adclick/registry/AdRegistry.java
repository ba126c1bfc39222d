package io.adclick.registry;

import java.util.List;
import java.util.Optional;

/**
 * Durable record of advertisers and their ads. Ids are assigned by the registry, positive and never
 * reused. Implementations are thread-safe; writes are durable when they return.
 */
public interface AdRegistry extends AutoCloseable {

  Advertiser createAdvertiser(String name, String apiKeyHash);

  Optional<Advertiser> advertiser(long id);

  Optional<Advertiser> advertiserByApiKeyHash(String apiKeyHash);

  /**
   * @throws IllegalArgumentException if the advertiser does not exist
   */
  Ad createAd(long advertiserId, String name, String targetUrl);

  Optional<Ad> ad(long id);

  /**
   * Changes an ad's status or target URL, atomically: concurrent changes of different fields are
   * all kept. Durable when it returns, like a create.
   *
   * @return the ad as changed, or empty if there is no ad with this id
   */
  Optional<Ad> updateAd(long adId, AdChange change);

  /** The advertiser's ads in id order. */
  List<Ad> adsOf(long advertiserId);

  @Override
  void close();
}
