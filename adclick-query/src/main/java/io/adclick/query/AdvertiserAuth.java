package io.adclick.query;

import io.adclick.http.ApiException;
import io.adclick.http.ApiRequest;
import io.adclick.registry.AdDirectory;
import io.adclick.registry.Advertiser;
import io.adclick.registry.ApiKeys;

/** Finds the advertiser whose API key a request carries. */
final class AdvertiserAuth {
  private final AdDirectory directory;

  AdvertiserAuth(AdDirectory directory) {
    this.directory = directory;
  }

  /**
   * @throws ApiException 401 when the key is missing or unknown
   */
  Advertiser require(ApiRequest request) {
    String key =
        request
            .bearer()
            .orElseThrow(
                () -> ApiException.unauthorized("an advertiser API key is required as Bearer"));
    return directory
        .advertiserByApiKeyHash(ApiKeys.hash(key))
        .orElseThrow(() -> ApiException.unauthorized("the API key is not valid"));
  }
}
