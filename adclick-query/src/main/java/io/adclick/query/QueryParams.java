package io.adclick.query;

import io.adclick.http.ApiException;
import io.adclick.http.ApiRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Query parameters every query endpoint reads alike. */
final class QueryParams {
  /** Keeps bucket arithmetic far from overflow. */
  private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

  private QueryParams() {}

  /** A required ISO-8601 instant, with {@code Z} or an offset. */
  static long instant(ApiRequest request, String name) {
    String text =
        request
            .queryParam(name)
            .orElseThrow(
                () ->
                    ApiException.badParameter(
                        name, "is required (ISO-8601, e.g. 2026-01-31T12:00:00Z)"));
    Instant instant;
    try {
      instant = Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        instant = OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e2) {
        throw ApiException.badParameter(
            name, "is not an ISO-8601 time (e.g. 2026-01-31T12:00:00Z)");
      }
    }
    if (instant.isBefore(Instant.EPOCH) || instant.isAfter(LATEST)) {
      throw ApiException.badParameter(name, "must lie between 1970 and 9999");
    }
    return instant.toEpochMilli();
  }

  /** A required instant, aligned down to its UTC minute. */
  static long wholeMinute(ApiRequest request, String name) {
    return io.adclick.time.Granularity.MINUTE.bucketStart(instant(request, name));
  }

  /** An optional integer in {@code [min, max]}. */
  static int intInRange(ApiRequest request, String name, int orElse, int min, int max) {
    String text = request.queryParam(name).orElse(null);
    if (text == null) {
      return orElse;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badParameter(name, "must be a whole number from " + min + " to " + max);
  }
}
