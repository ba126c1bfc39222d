package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.adclick.app.embedded.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code --kafka}, the server starts no broker of its own, creates the clicks topic on the
 * given cluster, and counts through it. The "external" cluster is a real broker in its own
 * directory.
 */
class ExternalKafkaIT {
  private static final String ADMIN = TestConfigs.ADMIN;

  @TempDir Path kafkaDir;
  @TempDir Path dataDir;

  @Test
  void countsThroughAnExternalClusterWithoutStartingABroker() throws Exception {
    try (EmbeddedKafkaBroker external = EmbeddedKafkaBroker.start(kafkaDir, 0);
        AllInOneServer server = TestConfigs.startHealthy(dataDir, external.bootstrapServers())) {
      ApiClient api = new ApiClient(server.baseUrl());
      assertThat(dataDir.resolve("kafka")).doesNotExist();

      JsonNode advertiser = api.postOk("/api/v1/advertisers", ADMIN, "{\"name\":\"A\"}");
      long ad = api.createAd(advertiser.get("id").asLong(), "https://a.example/");
      String link =
          api.postOk("/api/v1/impressions", ADMIN, "{\"adId\":" + ad + "}")
              .get("impressions")
              .get(0)
              .get("clickUrl")
              .asText();
      assertThat(api.get(link, (String) null).statusCode()).isEqualTo(302);

      String key = advertiser.get("apiKey").asText();
      String day = Instant.now().toString().substring(0, 10);
      String query =
          "/api/v1/ads/"
              + ad
              + "/metrics?granularity=day&from="
              + day
              + "T00:00:00Z&to="
              + Instant.parse(day + "T00:00:00Z").plus(Duration.ofDays(1));
      Eventually.assertThat(
          Duration.ofSeconds(60),
          "the click is counted",
          () -> ApiClient.json(api.get(query, key)).get("total").asLong() == 1);
    }
    assertThat(Files.exists(dataDir.resolve("checkpoints"))).isTrue();
  }
}
