package io.adclick.registry.postgresql;

import java.time.Duration;

/**
 * Bounds of one node's connection pool.
 *
 * @param maxConnections connections the pool may hold open at once. Reads come through {@link
 *     io.adclick.registry.AdDirectory}'s cache and writes are rare, so a few suffice; the bound
 *     also keeps nodes times connections under the server's {@code max_connections} (100 by
 *     default: a dozen nodes at the default of 8).
 * @param connectionTimeout how long a call waits for a connection before it fails with {@link
 *     io.adclick.registry.RegistryUnavailableException}: short, so a down database is reported
 *     rather than stalling callers
 */
public record PoolSettings(int maxConnections, Duration connectionTimeout) {

  /** HikariCP refuses shorter timeouts. Declared before {@link #DEFAULT}, which checks it. */
  static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);

  public static final PoolSettings DEFAULT = new PoolSettings(8, Duration.ofSeconds(5));

  public PoolSettings {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
    }
    if (connectionTimeout.compareTo(MIN_CONNECTION_TIMEOUT) < 0) {
      throw new IllegalArgumentException(
          "connectionTimeout must be at least "
              + MIN_CONNECTION_TIMEOUT
              + ": "
              + connectionTimeout);
    }
  }
}
