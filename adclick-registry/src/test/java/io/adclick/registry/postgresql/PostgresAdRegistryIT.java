package io.adclick.registry.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adclick.registry.Ad;
import io.adclick.registry.AdChange;
import io.adclick.registry.AdRegistry;
import io.adclick.registry.AdRegistryContract;
import io.adclick.registry.AdStatus;
import io.adclick.registry.Advertiser;
import io.adclick.registry.RegistryUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry contract, and what only a shared database adds, against a real PostgreSQL. */
class PostgresAdRegistryIT extends AdRegistryContract {

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private static PostgresServer server;

  private String database;

  @BeforeAll
  static void startServer() throws IOException {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected AdRegistry createRegistry() {
    database = "registry_" + DATABASES.incrementAndGet();
    server.createDatabase(database);
    return open(database);
  }

  @Override
  protected AdRegistry reopen(AdRegistry previous) {
    previous.close();
    return open(database);
  }

  private static PostgresAdRegistry open(String database) {
    PostgresEndpoint endpoint =
        PostgresEndpoint.parse(
            server.uri(database), Map.of(PostgresEndpoint.PASSWORD_ENV, server.password()));
    return PostgresAdRegistry.open(endpoint, PoolSettings.DEFAULT, CLOCK);
  }

  @Test
  void twoNodesOnOneDatabaseSeeEachOthersWrites() {
    try (PostgresAdRegistry other = open(database)) {
      Advertiser acme = registry.createAdvertiser("Acme", hash("k1"));
      Ad ad = other.createAd(acme.id(), "a1", "https://acme.example/1");
      Ad paused = registry.updateAd(ad.id(), AdChange.status(AdStatus.PAUSED)).orElseThrow();

      assertThat(other.advertiserByApiKeyHash(hash("k1"))).contains(acme);
      assertThat(registry.adsOf(acme.id())).containsExactly(paused);
      assertThat(other.ad(ad.id())).contains(paused);
      assertThat(other.createAd(acme.id(), "a2", "https://acme.example/2").id())
          .isGreaterThan(ad.id());
    }
  }

  @Test
  void migrationsRunOnceHoweverOftenTheRegistryIsOpened() throws SQLException {
    Advertiser acme = registry.createAdvertiser("Acme", hash("k1"));
    registry = reopen(registry);
    open(database).close();

    assertThat(registry.advertiser(acme.id())).contains(acme);
    try (Connection c = server.connect(database);
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT version, success FROM "
                    + RegistryMigrations.HISTORY_TABLE
                    + " WHERE version IS NOT NULL")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString("version")).isEqualTo("1");
      assertThat(rows.getBoolean("success")).isTrue();
      assertThat(rows.next()).as("one applied migration").isFalse();
    }
  }

  @Test
  void theUriMayCarryThePasswordInsteadOfTheEnvironment() {
    String uri = server.uri(database).replace("adclick@", "adclick:" + server.password() + "@");
    try (AdRegistry viaUri =
        PostgresAdRegistry.open(
            PostgresEndpoint.parse(uri, Map.of()), PoolSettings.DEFAULT, CLOCK)) {
      Advertiser acme = registry.createAdvertiser("Acme", hash("k1"));
      assertThat(viaUri.advertiser(acme.id())).contains(acme);
    }
  }

  @Test
  void aWrongPasswordFailsAtOpenWithoutShowingIt() {
    String wrong = "not-" + server.password();
    PostgresEndpoint endpoint =
        PostgresEndpoint.parse(server.uri(database), Map.of(PostgresEndpoint.PASSWORD_ENV, wrong));

    assertThatThrownBy(() -> PostgresAdRegistry.open(endpoint, PoolSettings.DEFAULT, CLOCK))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("127.0.0.1:" + server.port())
        .hasMessageContaining("password authentication failed")
        .hasMessageNotContaining(wrong);
  }

  @Test
  void noServerAtTheAddressFailsAtOpenWithAClearMessage() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    PostgresEndpoint endpoint =
        PostgresEndpoint.parse(
            "postgresql://adclick:secret-pw@127.0.0.1:" + closedPort + "/registry", Map.of());

    assertThatThrownBy(() -> PostgresAdRegistry.open(endpoint, PoolSettings.DEFAULT, CLOCK))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("postgresql://127.0.0.1:" + closedPort + "/registry")
        .hasMessageContaining("unavailable")
        .hasMessageNotContaining("secret-pw");
  }

  @Test
  void aDatabaseThatGoesDownFailsCallsWithAClearMessageWithinTheTimeout() throws IOException {
    PoolSettings quick = new PoolSettings(2, Duration.ofMillis(500));
    try (PostgresServer own = PostgresServer.start()) {
      own.createDatabase("registry");
      PostgresEndpoint endpoint =
          PostgresEndpoint.parse(
              own.uri("registry"), Map.of(PostgresEndpoint.PASSWORD_ENV, own.password()));
      try (PostgresAdRegistry node = PostgresAdRegistry.open(endpoint, quick, CLOCK)) {
        Advertiser acme = node.createAdvertiser("Acme", hash("k1"));

        own.close();

        long started = System.nanoTime();
        assertThatThrownBy(() -> node.advertiser(acme.id()))
            .isInstanceOf(RegistryUnavailableException.class)
            .hasMessageContaining(endpoint.toString())
            .hasMessageContaining("cannot read an advertiser")
            .hasMessageNotContaining(own.password());
        assertThat(Duration.ofNanos(System.nanoTime() - started))
            .isLessThan(Duration.ofSeconds(10));
      }
    }
  }
}
