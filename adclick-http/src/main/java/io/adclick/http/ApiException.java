package io.adclick.http;

/**
 * A request the API answers with an error: an HTTP status, a stable machine-readable code and a
 * message for the caller. Messages never carry internal details.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String error;

  public ApiException(int status, String error, String message) {
    super(message, null, false, false);
    this.status = status;
    this.error = error;
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
}
