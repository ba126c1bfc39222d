package io.adclick.query;

import io.adclick.http.ApiRequest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds API requests for handler tests: {@code Requests.get("k").path("adId", "1").q("from", ..)}.
 */
final class Requests {
  private final Map<String, String> pathParams = new HashMap<>();
  private final Map<String, List<String>> query = new LinkedHashMap<>();
  private final Map<String, String> headers = new HashMap<>();

  static Requests get(String bearer) {
    Requests r = new Requests();
    if (bearer != null) {
      r.headers.put("authorization", "Bearer " + bearer);
    }
    return r;
  }

  Requests path(String name, Object value) {
    pathParams.put(name, String.valueOf(value));
    return this;
  }

  Requests q(String name, String value) {
    if (value != null) {
      query.put(name, List.of(value));
    }
    return this;
  }

  Requests header(String name, String value) {
    headers.put(name.toLowerCase(java.util.Locale.ROOT), value);
    return this;
  }

  ApiRequest build() {
    return new ApiRequest("GET", "/", pathParams, query, headers, null);
  }
}
