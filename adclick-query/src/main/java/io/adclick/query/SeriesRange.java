package io.adclick.query;

import io.adclick.http.ApiException;
import io.adclick.http.ApiRequest;
import io.adclick.time.Granularity;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The buckets a series request asks for: {@code [from, to)} in one granularity, both ends aligned
 * down to it.
 */
record SeriesRange(Granularity granularity, long from, long to) {

  /** More buckets than this is a request for a coarser granularity. */
  static final int MAX_BUCKETS = 10_000;

  static SeriesRange parse(ApiRequest request) {
    Granularity granularity = granularity(request);
    long from = granularity.bucketStart(instant(request, "from"));
    long to = granularity.bucketStart(instant(request, "to"));
    if (from >= to) {
      throw ApiException.badParameter(
          "to",
          "must be later than from once both are aligned down to a whole " + granularity.apiName());
    }
    long buckets = (to - from) / granularity.millis();
    if (buckets > MAX_BUCKETS) {
      throw ApiException.badParameter(
          "granularity",
          "the range holds "
              + buckets
              + " "
              + granularity.apiName()
              + " buckets, more than "
              + MAX_BUCKETS
              + "; use a coarser granularity or a shorter range");
    }
    return new SeriesRange(granularity, from, to);
  }

  int bucketCount() {
    return (int) ((to - from) / granularity.millis());
  }

  private static Granularity granularity(ApiRequest request) {
    String name = request.queryParam("granularity").orElse("minute");
    try {
      return Granularity.fromApiName(name);
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter("granularity", "must be one of minute, hour, day");
    }
  }

  private static long instant(ApiRequest request, String name) {
    String text =
        request
            .queryParam(name)
            .orElseThrow(
                () ->
                    ApiException.badParameter(
                        name, "is required (ISO-8601, e.g. 2026-01-31T12:00:00Z)"));
    long millis;
    try {
      millis = Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        millis = OffsetDateTime.parse(text).toInstant().toEpochMilli();
      } catch (DateTimeParseException e2) {
        throw ApiException.badParameter(
            name, "is not an ISO-8601 time (e.g. 2026-01-31T12:00:00Z)");
      }
    }
    if (millis < 0) {
      throw ApiException.badParameter(name, "must not be before 1970");
    }
    return millis;
  }
}
