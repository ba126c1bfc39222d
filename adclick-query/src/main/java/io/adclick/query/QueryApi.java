package io.adclick.query;

import io.adclick.http.ApiException;
import io.adclick.http.ApiRequest;
import io.adclick.http.ApiResponse;
import io.adclick.registry.Ad;
import io.adclick.registry.AdDirectory;
import io.adclick.registry.AdRegistry;
import io.adclick.registry.Advertiser;
import io.adclick.store.AdTotal;
import io.adclick.store.MetricsStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The advertiser-facing query endpoints. An advertiser only ever sees its own ads. */
public final class QueryApi {
  /** Ads per page of per-ad totals unless {@code limit} says otherwise. */
  static final int DEFAULT_LIMIT = 20;

  static final int MAX_LIMIT = 1_000;

  private final AdvertiserAuth auth;
  private final OwnIds own;
  private final AdDirectory directory;
  private final AdRegistry registry;
  private final MetricsStore store;
  private final ReconciledThrough reconciled;

  /**
   * @param directory cached lookups of API keys and single ads
   * @param registry lists an advertiser's ads, which the cache cannot
   * @param reconciled how far reconciliation has checked the store, for every answer with counts
   */
  public QueryApi(
      AdDirectory directory,
      AdRegistry registry,
      MetricsStore store,
      ReconciledThrough reconciled) {
    this.auth = new AdvertiserAuth(directory);
    this.own = new OwnIds(directory);
    this.directory = directory;
    this.registry = registry;
    this.store = store;
    this.reconciled = reconciled;
  }

  /** {@code GET /api/v1/ads/{adId}/metrics?from&to&granularity&tz&format}. */
  public ApiResponse adMetrics(ApiRequest request) {
    Advertiser caller = auth.require(request);
    Ad ad = own.ad(caller, request.pathParam("adId"));
    return series(
        request, ad.id(), null, (g, from, to) -> store.adSeries(g, caller.id(), ad.id(), from, to));
  }

  /** {@code GET /api/v1/advertisers/{advertiserId}/metrics?from&to&granularity&tz&format}. */
  public ApiResponse advertiserMetrics(ApiRequest request) {
    Advertiser caller = auth.require(request);
    Advertiser advertiser = own.advertiser(caller, request.pathParam("advertiserId"));
    return series(
        request,
        null,
        advertiser.id(),
        (g, from, to) -> store.advertiserSeries(g, advertiser.id(), from, to));
  }

  /** {@code GET /api/v1/advertisers/{advertiserId}/ads?from&to&sort&limit&format}. */
  public ApiResponse adTotals(ApiRequest request) {
    Advertiser caller = auth.require(request);
    Advertiser advertiser = own.advertiser(caller, request.pathParam("advertiserId"));
    ResponseFormat format = ResponseFormat.of(request);
    // Stored buckets are whole minutes, so that is as fine as a total can be cut.
    long from = QueryParams.wholeMinute(request, "from");
    long to = QueryParams.wholeMinute(request, "to");
    if (from >= to) {
      throw ApiException.badParameter("to", "must be later than from once both are whole minutes");
    }
    String sort = request.queryParam("sort").orElse("clicks");
    if (!sort.equals("clicks")) {
      throw ApiException.badParameter("sort", "must be clicks (most clicked first)");
    }
    int limit = QueryParams.intInRange(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    List<Views.AdClicks> ads =
        AdRanking.top(store, advertiser.id(), from, to, limit).stream().map(this::named).toList();
    Progress progress = progress();
    Views.AdTotals body =
        new Views.AdTotals(
            advertiser.id(),
            iso(from),
            iso(to),
            progress.completeThroughIso(),
            progress.reconciledThroughIso(),
            ads);
    return format.ok(body, body.csv(), progress.headers());
  }

  /** {@code GET /api/v1/ads?format}: the caller's own ads in id order. */
  public ApiResponse ads(ApiRequest request) {
    Advertiser caller = auth.require(request);
    ResponseFormat format = ResponseFormat.of(request);
    List<Views.AdSummary> ads =
        registry.adsOf(caller.id()).stream().map(Views.AdSummary::of).toList();
    Views.AdList body = new Views.AdList(caller.id(), ads);
    return format.ok(body, body.csv(), Map.of());
  }

  private ApiResponse series(
      ApiRequest request, Long adId, Long advertiserId, StoredSeries stored) {
    ResponseFormat format = ResponseFormat.of(request);
    SeriesRange range = SeriesRange.parse(request);
    // Read before the buckets: a bucket it calls final is then surely complete in what we read.
    Progress progress = progress();
    SeriesValues values = stored.perBucket(range);
    List<Series.Bucket> buckets = Series.of(range, values, progress.completeThrough());
    Views.Metrics body =
        new Views.Metrics(
            adId,
            advertiserId,
            range.granularity().apiName(),
            range.zone().getId(),
            iso(range.from()),
            iso(range.to()),
            progress.completeThroughIso(),
            progress.reconciledThroughIso(),
            Series.total(buckets),
            values.uniqueUsers(),
            buckets);
    return format.ok(body, body.csv(), progress.headers());
  }

  private Progress progress() {
    return new Progress(store.completeThrough(), reconciled.epochMillis());
  }

  private Views.AdClicks named(AdTotal total) {
    String name = directory.ad(total.adId()).map(Ad::name).orElse(null);
    return new Views.AdClicks(total.adId(), name, total.clicks());
  }

  /**
   * How far the counts of an answer are complete (0 before the first minute) and reconciled (-1
   * before the first run).
   */
  private record Progress(long completeThrough, long reconciledThrough) {

    String completeThroughIso() {
      return completeThrough == 0 ? null : iso(completeThrough);
    }

    String reconciledThroughIso() {
      return reconciledThrough < 0 ? null : iso(reconciledThrough);
    }

    /** CSV has no room for them in the body, so both formats carry them as headers too. */
    Map<String, String> headers() {
      Map<String, String> headers = new LinkedHashMap<>();
      if (completeThroughIso() != null) {
        headers.put("Complete-Through", completeThroughIso());
      }
      if (reconciledThroughIso() != null) {
        headers.put("Reconciled-Through", reconciledThroughIso());
      }
      return headers;
    }
  }

  private static String iso(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }
}
