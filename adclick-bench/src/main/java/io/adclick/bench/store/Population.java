package io.adclick.bench.store;

import java.util.HashMap;
import java.util.Map;

/**
 * Who owns which ad at the design point, and which ids the store holds for them.
 *
 * <p>Ads are numbered by popularity rank (0 is the hottest) and ad {@code k} belongs to advertiser
 * {@code k mod advertisers}, so every advertiser has {@code ads / advertisers} ads spread over the
 * popularity curve. Only the probed advertisers and their ads exist in the registry (creating 10M
 * ads there would dominate the benchmark and is not what it measures); the store holds every ad,
 * under its registry id when probed and under a synthetic id far above any registry id otherwise.
 */
final class Population {

  /** Synthetic ids start here; registry ids count up from 1 and never get near it. */
  static final long SYNTHETIC = 1L << 40;

  private final int ads;
  private final int advertisers;
  private final Map<Integer, Long> registryAdvertiser = new HashMap<>();
  private final Map<Integer, Long> registryAd = new HashMap<>();

  Population(int ads, int advertisers) {
    if (advertisers < 1 || ads < advertisers) {
      throw new IllegalArgumentException(
          "need at least one advertiser and one ad per advertiser: " + ads + " / " + advertisers);
    }
    this.ads = ads;
    this.advertisers = advertisers;
  }

  int ads() {
    return ads;
  }

  int advertisers() {
    return advertisers;
  }

  int advertiserIndexOf(int ad) {
    return ad % advertisers;
  }

  /** Popularity ranks of one advertiser's ads, hottest first. */
  int[] adsOf(int advertiser) {
    int n = (ads - 1 - advertiser) / advertisers + 1;
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = advertiser + i * advertisers;
    }
    return out;
  }

  void registerAdvertiser(int advertiser, long registryId) {
    registryAdvertiser.put(advertiser, registryId);
  }

  void registerAd(int ad, long registryId) {
    registryAd.put(ad, registryId);
  }

  /** The advertiser id the store keeps for an ad's owner. */
  long advertiserIdOf(int ad) {
    return advertiserId(advertiserIndexOf(ad));
  }

  /** The advertiser id the store keeps for an advertiser (by index). */
  long advertiserId(int advertiser) {
    Long id = registryAdvertiser.get(advertiser);
    return id != null ? id : SYNTHETIC + advertiser;
  }

  /** The ad id the store keeps for an ad. */
  long adIdOf(int ad) {
    Long id = registryAd.get(ad);
    return id != null ? id : SYNTHETIC + ad;
  }
}
