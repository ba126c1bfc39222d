package io.adclick.query;

import io.adclick.http.ApiException;
import io.adclick.http.ApiRequest;
import io.adclick.http.ApiResponse;
import java.util.Locale;
import java.util.Map;

/**
 * JSON unless the caller asks for CSV, by {@code format=csv} (handy in a browser or spreadsheet
 * import) or by {@code Accept: text/csv}. The parameter wins over the header.
 */
enum ResponseFormat {
  JSON,
  CSV;

  static ResponseFormat of(ApiRequest request) {
    String format = request.queryParam("format").orElse(null);
    if (format != null) {
      return switch (format.toLowerCase(Locale.ROOT)) {
        case "json" -> JSON;
        case "csv" -> CSV;
        default -> throw ApiException.badParameter("format", "must be json or csv");
      };
    }
    String accept = request.header("accept").orElse("").toLowerCase(Locale.ROOT);
    return accept.contains("text/csv") ? CSV : JSON;
  }

  /** A 200 answer holding the body in this format. */
  ApiResponse ok(Object json, Csv csv, Map<String, String> headers) {
    return this == CSV
        ? new ApiResponse(200, Csv.CONTENT_TYPE, csv.bytes(), headers)
        : new ApiResponse(200, ApiResponse.JSON, io.adclick.http.Json.write(json), headers);
  }
}
