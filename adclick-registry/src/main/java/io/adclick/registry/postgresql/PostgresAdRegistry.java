package io.adclick.registry.postgresql;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import io.adclick.registry.Ad;
import io.adclick.registry.AdChange;
import io.adclick.registry.AdRegistry;
import io.adclick.registry.AdStatus;
import io.adclick.registry.Advertiser;
import io.adclick.registry.RegistryUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link AdRegistry} in a PostgreSQL database shared by every node of a scaled-out deployment, over
 * a bounded HikariCP pool ({@link PoolSettings}). Opening brings the schema up to date with the
 * Flyway migrations in {@code db/registry}.
 *
 * <p>Every operation is one statement in its own transaction, so it is atomic and, once it returns,
 * committed; ids come from the tables' identity sequences. Statements are prepared with their
 * values as parameters, never spliced into the SQL.
 */
public final class PostgresAdRegistry implements AdRegistry {

  /** SQLSTATEs of the constraint violations that are the caller's mistake, not an outage. */
  private static final String UNIQUE_VIOLATION = "23505";

  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private static final String INSERT_ADVERTISER =
      "INSERT INTO advertisers (name, api_key_hash, created_at) VALUES (?, ?, ?) RETURNING id";
  private static final String SELECT_ADVERTISER =
      "SELECT " + RegistryRows.ADVERTISER_COLUMNS + " FROM advertisers WHERE id = ?";
  private static final String SELECT_ADVERTISER_BY_KEY_HASH =
      "SELECT " + RegistryRows.ADVERTISER_COLUMNS + " FROM advertisers WHERE api_key_hash = ?";
  private static final String INSERT_AD =
      "INSERT INTO ads (advertiser_id, name, target_url, status, created_at)"
          + " VALUES (?, ?, ?, ?, ?) RETURNING id";
  private static final String SELECT_AD =
      "SELECT " + RegistryRows.AD_COLUMNS + " FROM ads WHERE id = ?";
  private static final String SELECT_ADS_OF =
      "SELECT " + RegistryRows.AD_COLUMNS + " FROM ads WHERE advertiser_id = ? ORDER BY id";

  /** One statement, so the row lock makes concurrent changes of different fields all stick. */
  private static final String UPDATE_AD =
      "UPDATE ads SET status = COALESCE(?, status), target_url = COALESCE(?, target_url)"
          + " WHERE id = ? RETURNING "
          + RegistryRows.AD_COLUMNS;

  @FunctionalInterface
  private interface SqlCall<T> {
    T call(Connection connection) throws SQLException;
  }

  private final PostgresEndpoint endpoint;
  private final HikariDataSource pool;
  private final Clock clock;

  private PostgresAdRegistry(PostgresEndpoint endpoint, HikariDataSource pool, Clock clock) {
    this.endpoint = endpoint;
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * Connects, migrates the schema and returns the registry.
   *
   * @param clock source of {@code createdAtMillis}
   * @throws RegistryUnavailableException if the database cannot be reached or migrated
   */
  public static PostgresAdRegistry open(
      PostgresEndpoint endpoint, PoolSettings settings, Clock clock) {
    requireNonNull(clock, "clock");
    HikariDataSource pool = RegistryPool.open(endpoint, settings);
    try {
      RegistryMigrations.migrate(pool, endpoint);
      return new PostgresAdRegistry(endpoint, pool, clock);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if another advertiser already has this API key hash
   */
  @Override
  public Advertiser createAdvertiser(String name, String apiKeyHash) {
    requireNonNull(name, "name");
    requireNonNull(apiKeyHash, "apiKeyHash");
    long now = clock.millis();
    long id =
        insert(
            "create an advertiser",
            INSERT_ADVERTISER,
            s -> {
              s.setString(1, name);
              s.setString(2, apiKeyHash);
              RegistryRows.setMillis(s, 3, now);
            },
            UNIQUE_VIOLATION,
            "API key hash is already registered");
    return new Advertiser(id, name, apiKeyHash, now);
  }

  @Override
  public Optional<Advertiser> advertiser(long id) {
    return one(
        "read an advertiser", SELECT_ADVERTISER, s -> s.setLong(1, id), RegistryRows::advertiser);
  }

  @Override
  public Optional<Advertiser> advertiserByApiKeyHash(String apiKeyHash) {
    requireNonNull(apiKeyHash, "apiKeyHash");
    return one(
        "look up an API key",
        SELECT_ADVERTISER_BY_KEY_HASH,
        s -> s.setString(1, apiKeyHash),
        RegistryRows::advertiser);
  }

  @Override
  public Ad createAd(long advertiserId, String name, String targetUrl) {
    requireNonNull(name, "name");
    requireNonNull(targetUrl, "targetUrl");
    long now = clock.millis();
    long id =
        insert(
            "create an ad",
            INSERT_AD,
            s -> {
              s.setLong(1, advertiserId);
              s.setString(2, name);
              s.setString(3, targetUrl);
              s.setString(4, AdStatus.ACTIVE.name());
              RegistryRows.setMillis(s, 5, now);
            },
            FOREIGN_KEY_VIOLATION,
            "no advertiser with id " + advertiserId);
    return new Ad(id, advertiserId, name, targetUrl, AdStatus.ACTIVE, now);
  }

  @Override
  public Optional<Ad> ad(long id) {
    return one("read an ad", SELECT_AD, s -> s.setLong(1, id), RegistryRows::ad);
  }

  @Override
  public Optional<Ad> updateAd(long adId, AdChange change) {
    requireNonNull(change, "change");
    return one(
        "update an ad",
        UPDATE_AD,
        s -> {
          s.setString(1, change.status() == null ? null : change.status().name());
          s.setString(2, change.targetUrl());
          s.setLong(3, adId);
        },
        RegistryRows::ad);
  }

  @Override
  public List<Ad> adsOf(long advertiserId) {
    return run(
        "list an advertiser's ads",
        c -> {
          try (PreparedStatement select = c.prepareStatement(SELECT_ADS_OF)) {
            select.setLong(1, advertiserId);
            try (ResultSet rows = select.executeQuery()) {
              List<Ad> ads = new ArrayList<>();
              while (rows.next()) {
                ads.add(RegistryRows.ad(rows));
              }
              return ads;
            }
          }
        });
  }

  /** Closes the pool. Idempotent. */
  @Override
  public void close() {
    pool.close();
  }

  @Override
  public String toString() {
    return "PostgresAdRegistry[" + endpoint + "]";
  }

  /** Runs a call on a pooled connection, turning the driver's failures into ours. */
  private <T> T run(String what, SqlCall<T> call) {
    if (pool.isClosed()) {
      throw new IllegalStateException("ad registry " + endpoint + " is closed");
    }
    try (Connection connection = pool.getConnection()) {
      return call.call(connection);
    } catch (SQLException e) {
      throw new RegistryUnavailableException(
          "ad registry " + endpoint + ": cannot " + what + ": " + RegistryPool.rootMessage(e), e);
    }
  }

  /**
   * Runs an {@code INSERT ... RETURNING id}. A violation of the constraint {@code refusedBy} is the
   * caller's mistake and becomes an {@link IllegalArgumentException} with {@code refusal}.
   */
  private long insert(String what, String sql, Binder binder, String refusedBy, String refusal) {
    return run(
        what,
        c -> {
          try (PreparedStatement insert = c.prepareStatement(sql)) {
            binder.bind(insert);
            try (ResultSet rows = insert.executeQuery()) {
              rows.next();
              return rows.getLong(1);
            }
          } catch (SQLException e) {
            if (refusedBy.equals(e.getSQLState())) {
              throw new IllegalArgumentException(refusal, e);
            }
            throw e;
          }
        });
  }

  /** Runs a statement returning at most one row. */
  private <T> Optional<T> one(String what, String sql, Binder binder, RowReader<T> reader) {
    return run(
        what,
        c -> {
          try (PreparedStatement statement = c.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
              return rows.next() ? Optional.of(reader.read(rows)) : Optional.empty();
            }
          }
        });
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  @FunctionalInterface
  private interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }
}
