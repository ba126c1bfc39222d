package io.adclick.registry;

import io.adclick.registry.postgresql.PoolSettings;
import io.adclick.registry.postgresql.PostgresAdRegistry;
import io.adclick.registry.postgresql.PostgresEndpoint;
import io.adclick.registry.rocksdb.RocksDbAdRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Opens the registry a configuration names:
 *
 * <ul>
 *   <li>null, blank or {@code rocksdb}: the embedded registry in {@code <dataDir>/registry};
 *   <li>{@code rocksdb:<directory>} or a plain path: the embedded registry there;
 *   <li>{@code postgresql://user[:password]@host[:port]/database}, also {@code postgres://} or
 *       {@code jdbc:postgresql://}: a shared PostgreSQL database (see {@link PostgresEndpoint}; the
 *       password may come from {@code ADCLICK_REGISTRY_PASSWORD} instead).
 * </ul>
 */
public final class AdRegistries {

  static final String ROCKSDB = "rocksdb";
  static final String EMBEDDED_DIR = "registry";

  private AdRegistries() {}

  /**
   * @throws IllegalArgumentException if the URI names no registry this knows
   * @throws RegistryUnavailableException if the PostgreSQL database cannot be reached or migrated
   * @throws java.io.UncheckedIOException if the embedded registry cannot be opened
   */
  public static AdRegistry open(String uri, Path dataDir, Clock clock) {
    return open(uri, dataDir, clock, System.getenv());
  }

  public static AdRegistry open(String uri, Path dataDir, Clock clock, Map<String, String> env) {
    if (uri == null || uri.isBlank() || uri.equals(ROCKSDB)) {
      return RocksDbAdRegistry.open(dataDir.resolve(EMBEDDED_DIR), clock);
    }
    if (PostgresEndpoint.matches(uri)) {
      return PostgresAdRegistry.open(PostgresEndpoint.parse(uri, env), PoolSettings.DEFAULT, clock);
    }
    if (uri.contains("://")) {
      // A misspelt scheme must not become a directory named after it.
      throw new IllegalArgumentException(
          "unknown registry URI scheme: expected rocksdb, rocksdb:<directory> or"
              + " postgresql://user@host:port/database");
    }
    String dir = uri.startsWith(ROCKSDB + ":") ? uri.substring(ROCKSDB.length() + 1) : uri;
    return RocksDbAdRegistry.open(Path.of(dir), clock);
  }
}
