package io.adclick.http;

import java.util.Map;

/** What an API handler answers: status, content type and body. */
public record ApiResponse(
    int status, String contentType, byte[] body, Map<String, String> headers) {

  public static final String JSON = "application/json";

  public static ApiResponse json(int status, Object value) {
    return new ApiResponse(status, JSON, Json.write(value), Map.of());
  }

  public static ApiResponse error(ApiException e) {
    return new ApiResponse(
        e.status(), JSON, Json.write(new ErrorBody(e.error(), e.getMessage())), e.headers());
  }

  public static ApiResponse error(int status, String error, String message) {
    return json(status, new ErrorBody(error, message));
  }

  /** The error shape every API shares. */
  public record ErrorBody(String error, String message) {}
}
