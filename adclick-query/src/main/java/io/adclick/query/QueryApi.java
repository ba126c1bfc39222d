package io.adclick.query;

import io.adclick.http.ApiException;
import io.adclick.http.ApiRequest;
import io.adclick.http.ApiResponse;
import io.adclick.registry.Ad;
import io.adclick.registry.AdDirectory;
import io.adclick.registry.Advertiser;
import io.adclick.store.MetricsStore;
import java.time.Instant;
import java.util.List;

/** The advertiser-facing query endpoints. An advertiser only ever sees its own ads. */
public final class QueryApi {
  private final AdvertiserAuth auth;
  private final AdDirectory directory;
  private final MetricsStore store;

  public QueryApi(AdDirectory directory, MetricsStore store) {
    this.auth = new AdvertiserAuth(directory);
    this.directory = directory;
    this.store = store;
  }

  record AdMetrics(
      long adId,
      String granularity,
      String from,
      String to,
      String completeThrough,
      long total,
      List<Series.Bucket> buckets) {}

  /** {@code GET /api/v1/ads/{adId}/metrics?from&to&granularity}. */
  public ApiResponse adMetrics(ApiRequest request) {
    Advertiser advertiser = auth.require(request);
    Ad ad = ownAd(advertiser, request.pathParam("adId"));
    SeriesRange range = SeriesRange.parse(request);
    long completeThrough = store.completeThrough();
    List<Series.Bucket> buckets =
        Series.zeroFilled(
            range,
            store.adSeries(range.granularity(), advertiser.id(), ad.id(), range.from(), range.to()),
            completeThrough);
    return ApiResponse.json(
        200,
        new AdMetrics(
            ad.id(),
            range.granularity().apiName(),
            iso(range.from()),
            iso(range.to()),
            completeThrough == 0 ? null : iso(completeThrough),
            Series.total(buckets),
            buckets));
  }

  /** Unknown and foreign ads answer alike, so ids of other advertisers' ads are not revealed. */
  private Ad ownAd(Advertiser advertiser, String idText) {
    ApiException notFound = ApiException.notFound("ad " + idText + " not found");
    long id;
    try {
      id = Long.parseLong(idText);
    } catch (NumberFormatException e) {
      throw notFound;
    }
    return directory
        .ad(id)
        .filter(ad -> ad.advertiserId() == advertiser.id())
        .orElseThrow(() -> notFound);
  }

  private static String iso(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }
}
