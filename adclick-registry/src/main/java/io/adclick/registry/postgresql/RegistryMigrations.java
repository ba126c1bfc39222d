package io.adclick.registry.postgresql;

import io.adclick.registry.RegistryUnavailableException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings the registry's schema up to date with the Flyway migrations in {@code db/registry}.
 * Applied migrations are recorded in {@code registry_schema_history}, so running them again does
 * nothing, and Flyway takes a PostgreSQL advisory lock, so nodes starting together migrate once.
 */
final class RegistryMigrations {

  static final String LOCATION = "classpath:db/registry";

  /** Not Flyway's default name, so the registry can share a database with other schemas. */
  static final String HISTORY_TABLE = "registry_schema_history";

  private RegistryMigrations() {}

  /**
   * @throws RegistryUnavailableException if the database cannot be reached or a migration fails
   */
  static void migrate(DataSource dataSource, PostgresEndpoint endpoint) {
    Flyway flyway =
        Flyway.configure(RegistryMigrations.class.getClassLoader())
            .dataSource(dataSource)
            .locations(LOCATION)
            .table(HISTORY_TABLE)
            .failOnMissingLocations(true)
            // Through SLF4J, so its lines go where the server's other logs go.
            .loggers("slf4j")
            .load();
    try {
      flyway.migrate();
    } catch (FlywayException e) {
      throw new RegistryUnavailableException(
          "cannot migrate the ad registry schema at "
              + endpoint
              + ": "
              + RegistryPool.rootMessage(e),
          e);
    }
  }
}
