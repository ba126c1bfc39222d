package io.adclick.store;

import io.adclick.store.clickhouse.ClickHouseMetricsStore;
import io.adclick.store.rocksdb.RocksDbMetricsStore;
import java.nio.file.Path;
import java.util.Map;

/** Opens a {@link MetricsStore} from a configuration URI. */
public final class MetricsStores {

  private static final String ROCKSDB = "rocksdb:";
  private static final String CLICKHOUSE = "clickhouse:";

  private MetricsStores() {}

  /**
   * Opens the store a URI names, with credentials from the process environment. Supported:
   *
   * <ul>
   *   <li>{@code rocksdb:<path>}, an absolute or relative directory such as {@code
   *       rocksdb:/var/lib/adclick/metrics}; handles opened on the same directory in one process
   *       share the database.
   *   <li>{@code clickhouse://host[:port]/database}, ClickHouse's HTTP interface (port 8123 by
   *       default); the database and tables are created if missing. User and password from the URI
   *       ({@code clickhouse://user:password@host...}) or from {@code ADCLICK_CLICKHOUSE_USER} and
   *       {@code ADCLICK_CLICKHOUSE_PASSWORD}.
   * </ul>
   *
   * @throws IllegalArgumentException if the URI's scheme is not supported or it is incomplete
   * @throws java.io.UncheckedIOException if the store cannot be opened or reached
   */
  public static MetricsStore open(String uri) {
    return open(uri, System.getenv());
  }

  /** {@link #open(String)} with credentials looked up in {@code env}. */
  public static MetricsStore open(String uri, Map<String, String> env) {
    if (uri != null && uri.startsWith(ROCKSDB)) {
      String path = uri.substring(ROCKSDB.length());
      if (path.isBlank()) {
        throw new IllegalArgumentException("metrics store URI '" + uri + "' has no path");
      }
      return RocksDbMetricsStore.open(Path.of(path));
    }
    if (uri != null && uri.startsWith(CLICKHOUSE)) {
      return ClickHouseMetricsStore.open(uri, env);
    }
    // Not echoed whole: a mistyped ClickHouse URI may hold a password.
    String scheme = uri == null || uri.indexOf(':') < 0 ? uri : uri.substring(0, uri.indexOf(':'));
    throw new IllegalArgumentException(
        "unsupported metrics store URI scheme '"
            + scheme
            + "': expected rocksdb:<directory> or clickhouse://host:port/database");
  }
}
