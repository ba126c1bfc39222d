package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.adclick.app.embedded.EmbeddedKafkaBroker;
import io.adclick.registry.postgresql.PostgresServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An admin, a click and a query server, each with its own data directory, sharing a real PostgreSQL
 * registry and a Kafka broker: an advertiser and ad made through the admin server are clicked
 * through the click server and read through the query server.
 */
class SplitRolesIT {
  private static final String TARGET = "https://split.example/landing";
  private static final String MOVED = "https://split.example/moved";
  private static final Duration STALENESS = Duration.ofSeconds(2);

  @TempDir static Path dir;
  private static PostgresServer postgres;
  private static EmbeddedKafkaBroker broker;
  private static AllInOneServer admin;
  private static AllInOneServer click;
  private static AllInOneServer query;

  @BeforeAll
  static void startThreeRoles() throws Exception {
    postgres = PostgresServer.start();
    postgres.createDatabase("registry");
    broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
    Map<String, String> env = new HashMap<>(TestConfigs.ENV);
    env.put("ADCLICK_REGISTRY_PASSWORD", postgres.password());
    // One store directory for admin and query: in one JVM they share it as they would share
    // ClickHouse (the job is not running here; nothing is counted).
    String store = "rocksdb:" + dir.resolve("metrics");
    admin = TestConfigs.startHealthy(config("admin", Roles.Role.ADMIN, store), env);
    click = TestConfigs.startHealthy(config("click", Roles.Role.CLICK, null), env);
    query = TestConfigs.startHealthy(config("query", Roles.Role.QUERY, store), env);
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {query, click, admin, broker, postgres}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // the rest still close
      }
    }
  }

  @Test
  void whatTheAdminServerCreatesTheClickAndQueryServersSeeThroughTheSharedRegistry()
      throws Exception {
    ApiClient adminApi = new ApiClient(admin.baseUrl());
    JsonNode advertiser =
        adminApi.postOk("/api/v1/advertisers", TestConfigs.ADMIN, "{\"name\":\"Split\"}");
    long ad = adminApi.createAd(advertiser.get("id").asLong(), TARGET);
    List<String> links = adminApi.mint(ad, 1, null);

    // The link names the admin server; the same token goes to the click server.
    String path = URI.create(links.get(0)).getPath();
    HttpResponse<String> redirect = new ApiClient(click.baseUrl()).get(path, (String) null);
    HttpResponse<String> ads =
        new ApiClient(query.baseUrl()).get("/api/v1/ads", advertiser.get("apiKey").asText());

    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("Location")).hasValue(TARGET);
    assertThat(ads.statusCode()).isEqualTo(200);
    assertThat(ApiClient.json(ads).get("ads").get(0).get("id").asLong()).isEqualTo(ad);

    // A changed target URL, then a pause, made on the admin server reach the click server
    // within its ad cache's staleness.
    ApiClient clicks = new ApiClient(click.baseUrl());
    assertThat(patch(adminApi, ad, "{\"targetUrl\":\"" + MOVED + "\"}").statusCode())
        .isEqualTo(200);
    long changed = System.nanoTime();
    Eventually.assertThat(
        STALENESS.plusSeconds(5),
        "the click server redirects to the new URL",
        () ->
            MOVED.equals(
                clicks.get(path, (String) null).headers().firstValue("Location").orElse("")));
    assertThat(Duration.ofNanos(System.nanoTime() - changed))
        .isLessThanOrEqualTo(STALENESS.plusSeconds(1));
    HttpResponse<String> paused = patch(adminApi, ad, "{\"status\":\"paused\"}");
    assertThat(ApiClient.json(paused).get("status").asText()).isEqualTo("paused");
    // A paused ad's click is still redirected, but classified paused (never counted).
    Eventually.assertThat(
        STALENESS.plusSeconds(5),
        "the click server classifies the ad's clicks as paused",
        () -> {
          clicks.get(path, (String) null);
          return clicks
              .get("/metrics", (String) null)
              .body()
              .lines()
              .anyMatch(
                  l ->
                      l.startsWith("adclick_clicks_total{outcome=\"paused\"} ")
                          && !l.endsWith(" 0.0"));
        });
    assertThat(patch(adminApi, ad, "{}").statusCode()).isEqualTo(400);
    assertThat(patch(adminApi, 999_999, "{\"status\":\"paused\"}").statusCode()).isEqualTo(404);
    assertThat(patch(adminApi, ad, "{\"status\":\"stopped\"}").statusCode()).isEqualTo(400);

    // The registry's database gone: an uncached key is 503 naming the registry, not a 500,
    // a click on an ad the click server has not cached is 503 too, and the query server is not
    // ready.
    long uncached = adminApi.createAd(advertiser.get("id").asLong(), TARGET);
    String uncachedPath = URI.create(adminApi.mint(uncached, 1, null).get(0)).getPath();
    postgres.close();
    assertThat(clicks.get(uncachedPath, (String) null).statusCode()).isEqualTo(503);
    HttpResponse<String> unknownKey = new ApiClient(query.baseUrl()).get("/api/v1/ads", "ak_new");
    HttpResponse<String> ready = new ApiClient(query.baseUrl()).get("/readyz", (String) null);

    assertThat(unknownKey.statusCode()).isEqualTo(503);
    assertThat(unknownKey.body()).contains("the ad registry is unavailable");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("registry: ");
  }

  private static HttpResponse<String> patch(ApiClient api, long ad, String json) throws Exception {
    return api.send("PATCH", "/api/v1/ads/" + ad, TestConfigs.ADMIN, json);
  }

  private static ServerConfig config(String name, Roles.Role role, String store) {
    ServerConfig base = TestConfigs.config(dir.resolve(name), broker.bootstrapServers(), store);
    return TestConfigs.copy(
        base,
        base.lakeUri(),
        base.lakeRetention(),
        new Roles(EnumSet.of(role)),
        postgres.uri("registry"),
        STALENESS);
  }
}
