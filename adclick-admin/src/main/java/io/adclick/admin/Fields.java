package io.adclick.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.adclick.http.ApiException;
import io.adclick.http.ApiRequest;
import io.adclick.registry.AdStatus;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Reads and validates the fields of admin request bodies, naming the field on error. */
final class Fields {
  static final int MAX_NAME_CHARS = 200;
  static final int MAX_URL_CHARS = 2048;

  private Fields() {}

  static String name(JsonNode body) {
    String name = requiredText(body, "name").strip();
    if (name.isEmpty() || name.length() > MAX_NAME_CHARS) {
      throw ApiException.badParameter("name", "must be 1.." + MAX_NAME_CHARS + " characters");
    }
    return name;
  }

  static long id(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      throw ApiException.badParameter(field, "is required");
    }
    if (!node.canConvertToExactIntegral() || !node.canConvertToLong() || node.asLong() <= 0) {
      throw ApiException.badParameter(field, "must be a positive integer id");
    }
    return node.asLong();
  }

  static int intInRange(JsonNode body, String field, int defaultValue, int min, int max) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return defaultValue;
    }
    if (!node.canConvertToExactIntegral()
        || !node.canConvertToInt()
        || node.asInt() < min
        || node.asInt() > max) {
      throw ApiException.badParameter(field, "must be an integer from " + min + " to " + max);
    }
    return node.asInt();
  }

  /** An absolute http or https URL with a host: the only kind of place we redirect to. */
  static String targetUrl(JsonNode body) {
    String url = requiredText(body, "targetUrl").strip();
    if (url.length() > MAX_URL_CHARS) {
      throw ApiException.badParameter("targetUrl", "is longer than " + MAX_URL_CHARS);
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw ApiException.badParameter("targetUrl", "is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute()
        || !(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null
        || uri.getHost().isEmpty()) {
      throw ApiException.badParameter("targetUrl", "must be an absolute http(s) URL");
    }
    return url;
  }

  /** {@code "active"} or {@code "paused"}, or null when the field is absent. */
  static AdStatus optionalStatus(JsonNode body) {
    JsonNode node = body.get("status");
    if (node == null || node.isNull()) {
      return null;
    }
    for (AdStatus status : AdStatus.values()) {
      if (node.isTextual() && status.name().equalsIgnoreCase(node.asText())) {
        return status;
      }
    }
    throw ApiException.badParameter("status", "must be \"active\" or \"paused\"");
  }

  static String optionalUserKey(JsonNode body, int maxBytes) {
    JsonNode node = body.get("userKey");
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()
        || node.asText().isEmpty()
        || node.asText().getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      throw ApiException.badParameter(
          "userKey", "must be a non-empty string of at most " + maxBytes + " UTF-8 bytes");
    }
    return node.asText();
  }

  /** A positive id in the path. */
  static long pathId(ApiRequest request, String name) {
    try {
      long id = Long.parseLong(request.pathParam(name));
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.notFound(name + " '" + request.pathParam(name) + "' does not exist");
  }

  /** An optional integer query parameter in {@code [min, max]}. */
  static int queryInt(ApiRequest request, String name, int defaultValue, int min, int max) {
    String text = request.queryParam(name).orElse(null);
    if (text == null) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badParameter(name, "must be an integer from " + min + " to " + max);
  }

  /** A required ISO-8601 instant ({@code Z} or an offset), as epoch millis. */
  static long instant(JsonNode body, String field) {
    String text = requiredText(body, field);
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw ApiException.badParameter(
          field, "is not an ISO-8601 instant (e.g. 2026-11-24T10:00:00Z)");
    }
  }

  static boolean optionalBoolean(JsonNode body, String field, boolean defaultValue) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return defaultValue;
    }
    if (!node.isBoolean()) {
      throw ApiException.badParameter(field, "must be true or false");
    }
    return node.asBoolean();
  }

  static String requiredText(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      throw ApiException.badParameter(field, "is required");
    }
    if (!node.isTextual()) {
      throw ApiException.badParameter(field, "must be a string");
    }
    return node.asText();
  }
}
