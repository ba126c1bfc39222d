package io.adclick.registry.postgresql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool.PoolInitializationException;
import io.adclick.registry.RegistryUnavailableException;

/** The HikariCP pool of connections to the registry's database. */
final class RegistryPool {

  private RegistryPool() {}

  /**
   * Opens the pool with one connection made at once, so a wrong address, user or password fails
   * here rather than at the first click.
   *
   * @throws RegistryUnavailableException if that connection cannot be made
   */
  static HikariDataSource open(PostgresEndpoint endpoint, PoolSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("adclick-registry");
    config.setJdbcUrl(endpoint.jdbcUrl());
    // Apart from the URL: HikariCP masks the password when it logs its configuration.
    config.setUsername(endpoint.user());
    config.setPassword(endpoint.password());
    config.setMaximumPoolSize(settings.maxConnections());
    // An idle node holds one connection, not the whole bound, since the server's connections are
    // shared by every node.
    config.setMinimumIdle(1);
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    config.setAutoCommit(true);
    try {
      return new HikariDataSource(config);
    } catch (PoolInitializationException e) {
      throw new RegistryUnavailableException(
          "ad registry " + endpoint + " is unavailable: " + rootMessage(e), e);
    }
  }

  /** The driver's own words, which name the host and user but never the password. */
  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
