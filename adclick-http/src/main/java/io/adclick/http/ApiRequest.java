package io.adclick.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An API request, detached from the HTTP server so handlers can be tested as plain functions.
 *
 * @param headers header values by lower-case name (first value only)
 * @param query query parameters by name, all values in order
 */
public record ApiRequest(
    String method,
    String path,
    Map<String, String> pathParams,
    Map<String, List<String>> query,
    Map<String, String> headers,
    byte[] body) {

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
  }

  /** The single value of a query parameter; a repeated parameter is a bad request. */
  public Optional<String> queryParam(String name) {
    List<String> values = query.get(name);
    if (values == null || values.isEmpty()) {
      return Optional.empty();
    }
    if (values.size() > 1) {
      throw ApiException.badParameter(name, "given more than once");
    }
    return Optional.of(values.get(0));
  }

  public String pathParam(String name) {
    return pathParams.get(name);
  }

  /** The credential of an {@code Authorization: Bearer <credential>} header. */
  public Optional<String> bearer() {
    return header("authorization")
        .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(h -> h.substring(7).trim())
        .filter(s -> !s.isEmpty());
  }
}
