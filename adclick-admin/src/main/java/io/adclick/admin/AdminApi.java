package io.adclick.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.adclick.http.ApiException;
import io.adclick.http.ApiRequest;
import io.adclick.http.ApiResponse;
import io.adclick.http.Json;
import io.adclick.registry.Ad;
import io.adclick.registry.AdChange;
import io.adclick.registry.AdDirectory;
import io.adclick.registry.AdRegistry;
import io.adclick.registry.AdStatus;
import io.adclick.registry.Advertiser;
import io.adclick.registry.ApiKeys;
import io.adclick.token.ImpressionToken;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;

/** The admin endpoints: advertisers, ads, and impression minting for ad servers. */
public final class AdminApi {
  public static final int MAX_IMPRESSIONS_PER_CALL = 1000;

  private final AdminAuth auth;
  private final AdRegistry registry;
  private final AdDirectory directory;
  private final ImpressionMinter minter;
  private final SecureRandom random;

  public AdminApi(
      String adminToken,
      AdRegistry registry,
      AdDirectory directory,
      ImpressionMinter minter,
      SecureRandom random) {
    this.auth = new AdminAuth(adminToken);
    this.registry = registry;
    this.directory = directory;
    this.minter = minter;
    this.random = random;
  }

  record AdvertiserCreated(long id, String name, String apiKey) {}

  record AdView(long id, long advertiserId, String name, String targetUrl, String status) {
    static AdView of(Ad ad) {
      return new AdView(
          ad.id(),
          ad.advertiserId(),
          ad.name(),
          ad.targetUrl(),
          ad.status().name().toLowerCase(Locale.ROOT));
    }
  }

  record Impressions(List<ImpressionMinter.Minted> impressions) {}

  /** {@code POST /api/v1/advertisers}: the API key is in this response only. */
  public ApiResponse createAdvertiser(ApiRequest request) {
    auth.require(request);
    String name = Fields.name(Json.readObject(request.body()));
    String apiKey = ApiKeys.newKey(random);
    Advertiser advertiser = registry.createAdvertiser(name, ApiKeys.hash(apiKey));
    directory.remember(advertiser);
    return ApiResponse.json(201, new AdvertiserCreated(advertiser.id(), name, apiKey));
  }

  /** {@code POST /api/v1/ads}. */
  public ApiResponse createAd(ApiRequest request) {
    auth.require(request);
    JsonNode body = Json.readObject(request.body());
    long advertiserId = Fields.id(body, "advertiserId");
    String name = Fields.name(body);
    String targetUrl = Fields.targetUrl(body);
    if (registry.advertiser(advertiserId).isEmpty()) {
      throw ApiException.notFound("advertiser " + advertiserId + " does not exist");
    }
    Ad ad = registry.createAd(advertiserId, name, targetUrl);
    directory.remember(ad);
    return ApiResponse.json(201, AdView.of(ad));
  }

  /**
   * {@code PATCH /api/v1/ads/{adId}} {@code {"status"?, "targetUrl"?}}: pause or resume an ad, or
   * move where its clicks go. This node answers with the change at once; every other node's ad
   * cache picks it up within its staleness (see {@code AdDirectory}).
   */
  public ApiResponse updateAd(ApiRequest request) {
    auth.require(request);
    long adId = Fields.pathId(request, "adId");
    JsonNode body = Json.readObject(request.body());
    AdStatus status = Fields.optionalStatus(body);
    String targetUrl = body.has("targetUrl") ? Fields.targetUrl(body) : null;
    if (status == null && targetUrl == null) {
      throw ApiException.badRequest("nothing to change: give status, targetUrl or both");
    }
    Ad ad =
        registry
            .updateAd(adId, new AdChange(status, targetUrl))
            .orElseThrow(() -> ApiException.notFound("ad " + adId + " does not exist"));
    directory.remember(ad);
    return ApiResponse.json(200, AdView.of(ad));
  }

  /** {@code POST /api/v1/impressions}. */
  public ApiResponse mintImpressions(ApiRequest request) {
    auth.require(request);
    JsonNode body = Json.readObject(request.body());
    long adId = Fields.id(body, "adId");
    int count = Fields.intInRange(body, "count", 1, 1, MAX_IMPRESSIONS_PER_CALL);
    String userKey = Fields.optionalUserKey(body, ImpressionToken.MAX_USER_KEY_BYTES);
    if (registry.ad(adId).isEmpty()) {
      throw ApiException.notFound("ad " + adId + " does not exist");
    }
    return ApiResponse.json(201, new Impressions(minter.mint(adId, count, userKey)));
  }
}
