package io.adclick.http;

import java.util.HashMap;
import java.util.Map;

/** A path like {@code /api/v1/ads/{adId}/metrics}: literal segments and named parameters. */
final class PathTemplate {
  private final String[] segments;

  private PathTemplate(String[] segments) {
    this.segments = segments;
  }

  static PathTemplate parse(String template) {
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("template must start with /: " + template);
    }
    return new PathTemplate(template.substring(1).split("/", -1));
  }

  /** The parameters of a matching path, or null when the path does not match. */
  Map<String, String> match(String path) {
    if (path == null || !path.startsWith("/")) {
      return null;
    }
    String[] parts = path.substring(1).split("/", -1);
    if (parts.length != segments.length) {
      return null;
    }
    Map<String, String> params = null;
    for (int i = 0; i < parts.length; i++) {
      String segment = segments[i];
      if (isParam(segment)) {
        if (params == null) {
          params = new HashMap<>(2);
        }
        params.put(segment.substring(1, segment.length() - 1), parts[i]);
      } else if (!segment.equals(parts[i])) {
        return null;
      }
    }
    return params == null ? Map.of() : params;
  }

  private static boolean isParam(String segment) {
    return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
  }
}
