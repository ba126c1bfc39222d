package io.adclick.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.adclick.http.ApiException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
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

  private static String requiredText(JsonNode body, String field) {
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
