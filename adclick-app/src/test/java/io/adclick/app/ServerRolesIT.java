package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.adclick.app.embedded.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Split roles on the real server: each process answers its own role's routes and nothing else, and
 * is ready on its own role's dependencies alone. (The shared-parts rules, an external Kafka, a
 * ClickHouse store and a PostgreSQL registry, are checked where `serve` parses its options; here
 * each role runs alone, so embedded parts stand in for them.)
 */
class ServerRolesIT {

  @TempDir static Path dir;
  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aClickProcessAnswersClicksOnlyAndIsReadyOnKafkaAndItsSpool() throws Exception {
    try (AllInOneServer server = start("click", Roles.Role.CLICK)) {
      ApiClient api = new ApiClient(server.baseUrl());

      assertThat(api.get("/c/not-a-token", (String) null).statusCode()).isEqualTo(400);
      assertThat(api.get("/api/v1/ads", "ak_x").statusCode()).isEqualTo(404);
      assertThat(api.get("/", (String) null).statusCode()).isEqualTo(404);
      assertThat(api.post("/api/v1/advertisers", TestConfigs.ADMIN, "{}").statusCode())
          .isEqualTo(404);
      assertThat(checks(api)).containsExactly("registry", "kafka", "spool");
    }
  }

  @Test
  void aQueryProcessAnswersQueriesAndTheDashboardOnlyAndIsReadyOnItsStore() throws Exception {
    try (AllInOneServer server = start("query", Roles.Role.QUERY)) {
      ApiClient api = new ApiClient(server.baseUrl());

      assertThat(api.get("/api/v1/ads", "ak_unknown").statusCode()).isEqualTo(401);
      assertThat(api.get("/", (String) null).statusCode()).isEqualTo(200);
      assertThat(api.get("/c/not-a-token", (String) null).statusCode()).isEqualTo(404);
      assertThat(api.post("/api/v1/advertisers", TestConfigs.ADMIN, "{}").statusCode())
          .isEqualTo(404);
      assertThat(checks(api)).containsExactly("registry", "store");
    }
  }

  @Test
  void anAdminProcessAnswersAdminCallsOnly() throws Exception {
    try (AllInOneServer server = start("admin", Roles.Role.ADMIN)) {
      ApiClient api = new ApiClient(server.baseUrl());

      JsonNode advertiser =
          api.postOk("/api/v1/advertisers", TestConfigs.ADMIN, "{\"name\":\"Split\"}");
      assertThat(advertiser.get("apiKey").asText()).startsWith("ak_");
      assertThat(api.get("/c/not-a-token", (String) null).statusCode()).isEqualTo(404);
      // POST /api/v1/ads is the admin's; reading the caller's ads is the query side's.
      assertThat(api.get("/api/v1/ads", "ak_x").statusCode()).isEqualTo(405);
      assertThat(api.get("/api/v1/ads/1/metrics", "ak_x").statusCode()).isEqualTo(404);
      assertThat(checks(api)).containsExactly("registry", "store");
    }
  }

  private static AllInOneServer start(String name, Roles.Role role) throws Exception {
    ServerConfig base = TestConfigs.config(dir.resolve(name), broker.bootstrapServers());
    return TestConfigs.startHealthy(TestConfigs.withRoles(base, new Roles(EnumSet.of(role))));
  }

  /** The names of the checks {@code /readyz} answers with, in its order. */
  private static List<String> checks(ApiClient api) throws Exception {
    List<String> names = new ArrayList<>();
    ApiClient.json(api.get("/readyz", (String) null))
        .get("checks")
        .fieldNames()
        .forEachRemaining(names::add);
    return names;
  }
}
