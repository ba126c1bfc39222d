package io.adclick.tools.loadgen;

import io.adclick.tools.api.AdclickApi;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The advertiser and the ads a run clicks on. Ads are always new, so that their counts hold this
 * run's clicks and nothing else; the advertiser may be reused.
 */
record Campaign(long advertiserId, String apiKey, List<Long> adIds) {

  /**
   * @param advertiserId an existing advertiser to reuse (with its {@code apiKey}), or null
   */
  static Campaign create(
      AdclickApi api, String adminToken, int ads, Long advertiserId, String apiKey)
      throws IOException {
    long advertiser;
    String key;
    if (advertiserId != null) {
      advertiser = advertiserId;
      key = apiKey;
    } else {
      AdclickApi.Advertiser created = api.createAdvertiser(adminToken, "loadgen");
      advertiser = created.id();
      key = created.apiKey();
    }
    List<Long> adIds = new ArrayList<>(ads);
    for (int i = 0; i < ads; i++) {
      adIds.add(
          api.createAd(
              adminToken,
              advertiser,
              "loadgen ad " + (i + 1),
              "https://loadgen.example/ad/" + (i + 1)));
    }
    return new Campaign(advertiser, key, List.copyOf(adIds));
  }
}
