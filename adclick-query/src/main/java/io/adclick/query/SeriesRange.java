package io.adclick.query;

import io.adclick.http.ApiException;
import io.adclick.http.ApiRequest;
import io.adclick.time.Granularity;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;

/**
 * The buckets a series request asks for: {@code [from, to)} in one granularity and time zone, both
 * ends aligned down to a bucket start there.
 *
 * @param bounds the bucket boundaries: bucket i is {@code [bounds[i], bounds[i+1])}
 */
record SeriesRange(Granularity granularity, ZoneId zone, List<Long> bounds) {

  /** More buckets than this is a request for a coarser granularity. */
  static final int MAX_BUCKETS = 10_000;

  SeriesRange {
    bounds = List.copyOf(bounds);
  }

  static SeriesRange parse(ApiRequest request) {
    Granularity granularity = granularity(request);
    ZoneId zone = zone(request);
    long from = QueryParams.instant(request, "from");
    long to = QueryParams.instant(request, "to");
    BucketGrid grid = new BucketGrid(granularity, zone);
    List<Long> bounds =
        grid.bounds(from, to, MAX_BUCKETS)
            .orElseThrow(
                () ->
                    ApiException.badParameter(
                        "granularity",
                        "the range holds more than "
                            + MAX_BUCKETS
                            + " "
                            + granularity.apiName()
                            + " buckets; use a coarser granularity or a shorter range"));
    if (bounds.size() < 2) {
      throw ApiException.badParameter(
          "to",
          "must be later than from once both are aligned down to a whole " + granularity.apiName());
    }
    return new SeriesRange(granularity, zone, bounds);
  }

  long from() {
    return bounds.get(0);
  }

  long to() {
    return bounds.get(bounds.size() - 1);
  }

  int bucketCount() {
    return bounds.size() - 1;
  }

  private static Granularity granularity(ApiRequest request) {
    String name = request.queryParam("granularity").orElse("minute");
    try {
      return Granularity.fromApiName(name);
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter("granularity", "must be one of minute, hour, day");
    }
  }

  private static ZoneId zone(ApiRequest request) {
    String name = request.queryParam("tz").orElse("UTC");
    try {
      return ZoneId.of(name);
    } catch (DateTimeException e) {
      throw ApiException.badParameter(
          "tz", "is not a known time zone (an IANA name such as America/New_York, or UTC)");
    }
  }
}
