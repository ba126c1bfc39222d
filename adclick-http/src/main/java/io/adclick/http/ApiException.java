package io.adclick.http;

import java.time.Duration;
import java.util.Map;

/**
 * A request the API answers with an error: an HTTP status, a stable machine-readable code and a
 * message for the caller. Messages never carry internal details.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String error;
  private final Map<String, String> headers;

  public ApiException(int status, String error, String message) {
    this(status, error, message, Map.of());
  }

  private ApiException(int status, String error, String message, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.error = error;
    this.headers = Map.copyOf(headers);
  }

  /** 429 with {@code Retry-After} in whole seconds, at least 1. */
  public static ApiException tooManyRequests(Duration retryAfter) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    return new ApiException(
        429,
        "too_many_requests",
        "request rate limit exceeded for this API key; retry after " + seconds + " s",
        Map.of("Retry-After", Long.toString(seconds)));
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
  }

  /** A bad or missing parameter, named so the caller knows which one to fix. */
  public static ApiException badParameter(String parameter, String why) {
    return new ApiException(400, "bad_request", "parameter '" + parameter + "': " + why);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthorized", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  public static ApiException unavailable(String message) {
    return new ApiException(503, "unavailable", message);
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  /** Headers the error response carries, e.g. {@code Retry-After}. */
  public Map<String, String> headers() {
    return headers;
  }
}
