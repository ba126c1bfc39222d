package io.adclick.store.clickhouse;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * Where the store lives: {@code clickhouse://[user[:password]@]host[:port]/database}, spoken to
 * over ClickHouse's HTTP interface (port 8123 unless given). User and password come from the URI
 * or, when it has none, from {@code ADCLICK_CLICKHOUSE_USER} and {@code
 * ADCLICK_CLICKHOUSE_PASSWORD}; with neither, ClickHouse's {@code default} user without password.
 * {@link #toString} never shows the password.
 */
record ClickHouseEndpoint(String host, int port, String database, String user, String password) {

  static final String SCHEME = "clickhouse";
  static final String USER_ENV = "ADCLICK_CLICKHOUSE_USER";
  static final String PASSWORD_ENV = "ADCLICK_CLICKHOUSE_PASSWORD";
  static final int DEFAULT_HTTP_PORT = 8123;

  ClickHouseEndpoint {
    Sql.checkIdentifier(database);
  }

  /**
   * @throws IllegalArgumentException if the URI is not {@code clickhouse://host[:port]/database}
   */
  static ClickHouseEndpoint parse(String uri, Map<String, String> env) {
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException | NullPointerException e) {
      throw invalid(uri, "it is not a URI");
    }
    if (!SCHEME.equals(parsed.getScheme()) || parsed.getHost() == null) {
      throw invalid(uri, "it needs a host");
    }
    if (parsed.getQuery() != null || parsed.getFragment() != null) {
      throw invalid(uri, "it takes no query or fragment");
    }
    String path = parsed.getPath() == null ? "" : parsed.getPath();
    if (!path.startsWith("/") || path.length() < 2 || path.indexOf('/', 1) >= 0) {
      throw invalid(uri, "it needs exactly one database name as its path");
    }
    String user = env.get(USER_ENV);
    String password = env.get(PASSWORD_ENV);
    String userInfo = parsed.getUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = colon < 0 ? userInfo : userInfo.substring(0, colon);
      password = colon < 0 ? null : userInfo.substring(colon + 1);
    }
    int port = parsed.getPort() < 0 ? DEFAULT_HTTP_PORT : parsed.getPort();
    return new ClickHouseEndpoint(
        parsed.getHost(), port, path.substring(1), blankToNull(user), blankToNull(password));
  }

  private static IllegalArgumentException invalid(String uri, String why) {
    // The URI may hold a password: name only its shape.
    return new IllegalArgumentException(
        "invalid ClickHouse store URI (" + why + "): expected clickhouse://host:port/database");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** The HTTP interface's base address, without credentials. */
  URI httpBase() {
    return URI.create("http://" + host + ":" + port + "/");
  }

  @Override
  public String toString() {
    return "clickhouse://" + host + ":" + port + "/" + database;
  }
}
