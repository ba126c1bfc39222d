package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.adclick.store.clickhouse.ClickHouseServer;
import io.adclick.time.Granularity;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline with the scaled-out store: the all-in-one server started with {@code --store
 * clickhouse://...} against a real {@code clickhouse-server}, so the job's sink writes there and
 * the query API reads there. Clicks through {@code /c/{token}} must come out counted once, with
 * their users, in every view.
 */
class ClickHouseStoreIT {
  private static final Duration COUNTED = Duration.ofSeconds(60);

  @TempDir static Path dataDir;
  private static ClickHouseServer clickhouse;
  private static AllInOneServer server;
  private static ApiClient api;

  @BeforeAll
  static void start() throws Exception {
    clickhouse = ClickHouseServer.start();
    server =
        TestConfigs.startHealthy(TestConfigs.config(dataDir, null, clickhouse.uri("adclick_e2e")));
    api = new ApiClient(server.baseUrl());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (clickhouse != null) {
      clickhouse.close();
    }
  }

  @Test
  void clicksAreCountedOnceWithTheirUsersInEveryView() throws Exception {
    JsonNode advertiser =
        api.postOk("/api/v1/advertisers", TestConfigs.ADMIN, "{\"name\":\"Umbrella\"}");
    long advertiserId = advertiser.get("id").asLong();
    String key = advertiser.get("apiKey").asText();
    long hot = api.createAd(advertiserId, "https://umbrella.example/hot");
    long cold = api.createAd(advertiserId, "https://umbrella.example/cold");
    List<String> links = new ArrayList<>();
    for (String user : List.of("alice", "bob", "alice", "carol")) {
      links.addAll(api.mint(hot, 1, user));
    }
    links.addAll(api.mint(cold, 1, "dave"));
    links.add(links.get(0)); // a repeat of alice's first impression: redirected, not counted
    for (String link : links) {
      assertThat(api.get(link, (String) null).statusCode()).isEqualTo(302);
    }

    long now = System.currentTimeMillis();
    String range =
        "from="
            + Instant.ofEpochMilli(Granularity.DAY.bucketStart(now) - 86_400_000L)
            + "&to="
            + Instant.ofEpochMilli(Granularity.DAY.bucketStart(now) + 86_400_000L);
    String advertiserDays =
        "/api/v1/advertisers/" + advertiserId + "/metrics?granularity=day&" + range;
    Eventually.assertThat(
        COUNTED,
        "5 clicks by 4 users in the advertiser's days",
        () -> {
          JsonNode days = ApiClient.json(api.get(advertiserDays, key));
          return days.get("total").asLong() == 5 && days.path("uniqueUsers").asLong() == 4;
        });
    JsonNode hotHours =
        ApiClient.json(api.get("/api/v1/ads/" + hot + "/metrics?granularity=hour&" + range, key));
    assertThat(hotHours.get("total").asLong()).isEqualTo(4);
    assertThat(hotHours.get("uniqueUsers").asLong()).isEqualTo(3);
    JsonNode hotMinutes =
        ApiClient.json(
            api.get(
                "/api/v1/ads/"
                    + hot
                    + "/metrics?granularity=minute&from="
                    + Instant.ofEpochMilli(now - 3_600_000L)
                    + "&to="
                    + Instant.ofEpochMilli(now + 3_600_000L),
                key));
    assertThat(hotMinutes.get("total").asLong()).isEqualTo(4);
    HttpResponse<String> top =
        api.get("/api/v1/advertisers/" + advertiserId + "/ads?" + range, key);
    assertThat(ApiClient.json(top).get("ads").findValues("clicks"))
        .extracting(JsonNode::asLong)
        .containsExactly(4L, 1L);
  }
}
