package io.adclick.registry.postgresql;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * Where the registry lives: {@code postgresql://[user[:password]@]host[:port]/database[?params]},
 * also written {@code postgres://...} or {@code jdbc:postgresql://...}. The port defaults to 5432;
 * query parameters (say {@code sslmode=require}) go to the JDBC driver as they are. The password
 * comes from the URI or, when it has none, from {@code ADCLICK_REGISTRY_PASSWORD}, so it can be
 * kept off command lines. {@link #toString} never shows the password.
 *
 * @param user null to let the driver pick its default
 * @param password null for none
 * @param query the URI's raw query without {@code ?}, or null
 */
public record PostgresEndpoint(
    String host, int port, String database, String user, String password, String query) {

  public static final String PASSWORD_ENV = "ADCLICK_REGISTRY_PASSWORD";
  static final int DEFAULT_PORT = 5432;

  /** Whether {@code uri} names a PostgreSQL registry, in any of its accepted forms. */
  public static boolean matches(String uri) {
    String lower = uri.toLowerCase(Locale.ROOT);
    return lower.startsWith("postgresql://")
        || lower.startsWith("postgres://")
        || lower.startsWith("jdbc:postgresql://");
  }

  /**
   * @param env where {@link #PASSWORD_ENV} is looked up: {@code System.getenv()} outside tests
   * @throws IllegalArgumentException if the URI is not of the form above
   */
  public static PostgresEndpoint parse(String uri, Map<String, String> env) {
    if (uri == null || !matches(uri)) {
      throw invalid("it must start with postgresql://, postgres:// or jdbc:postgresql://");
    }
    URI parsed;
    try {
      parsed = new URI(uri.regionMatches(true, 0, "jdbc:", 0, 5) ? uri.substring(5) : uri);
    } catch (URISyntaxException e) {
      throw invalid("it is not a URI");
    }
    if (parsed.getHost() == null) {
      throw invalid("it needs one host");
    }
    if (parsed.getFragment() != null) {
      throw invalid("it takes no fragment");
    }
    String path = parsed.getPath() == null ? "" : parsed.getPath();
    if (!path.startsWith("/") || path.length() < 2 || path.indexOf('/', 1) >= 0) {
      throw invalid("it needs exactly one database name as its path");
    }
    String query = parsed.getRawQuery();
    if (query != null && hasParameter(query, "password")) {
      // In the JDBC URL it could end up in a message or a log line; userinfo and env do not.
      throw invalid(
          "give the password in user:password@ or " + PASSWORD_ENV + ", not in the query");
    }
    String user = null;
    String password = env.get(PASSWORD_ENV);
    String userInfo = parsed.getUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = colon < 0 ? userInfo : userInfo.substring(0, colon);
      if (colon >= 0) {
        password = userInfo.substring(colon + 1);
      }
    }
    int port = parsed.getPort() < 0 ? DEFAULT_PORT : parsed.getPort();
    return new PostgresEndpoint(
        parsed.getHost(), port, path.substring(1), blankToNull(user), blankToNull(password), query);
  }

  /** The driver's URL: no user, no password, those are given to the pool apart. */
  public String jdbcUrl() {
    return "jdbc:" + this + (query == null ? "" : "?" + query);
  }

  private static boolean hasParameter(String query, String name) {
    for (String pair : query.split("&")) {
      if (pair.toLowerCase(Locale.ROOT).startsWith(name + "=")) {
        return true;
      }
    }
    return false;
  }

  private static IllegalArgumentException invalid(String why) {
    // The URI may hold a password: name only its shape.
    return new IllegalArgumentException(
        "invalid PostgreSQL registry URI ("
            + why
            + "): expected postgresql://user[:password]@host[:port]/database");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** The address without credentials or parameters, for messages. */
  @Override
  public String toString() {
    // An IPv6 host keeps the brackets URI.getHost gives it.
    return "postgresql://" + host + ":" + port + "/" + database;
  }
}
