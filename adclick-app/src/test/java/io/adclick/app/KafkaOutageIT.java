package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.adclick.app.embedded.EmbeddedKafkaBroker;
import io.adclick.testing.LocalPorts;
import io.adclick.time.Granularity;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away while users click: every click still gets its 302 (spooled to disk), the
 * minute of those clicks closes without them, and once the broker is back the spool is replayed,
 * the closed minute corrected, and the counts come out exact, duplicates across the outage counted
 * once.
 */
class KafkaOutageIT {
  private static final String TARGET = "https://outage.example/landing";

  @TempDir Path kafkaDir;
  @TempDir Path dataDir;

  @Test
  void everyClickIsRedirectedAndCountedExactlyOnceAcrossABrokerOutage() throws Exception {
    int port = LocalPorts.free();
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(kafkaDir, port);
    try (AllInOneServer server = TestConfigs.startHealthy(dataDir, broker.bootstrapServers())) {
      ApiClient api = new ApiClient(server.baseUrl());
      JsonNode advertiser =
          api.postOk("/api/v1/advertisers", TestConfigs.ADMIN, "{\"name\":\"Outage\"}");
      long ad = api.createAd(advertiser.get("id").asLong(), TARGET);
      List<String> links = mint(api, ad, 30);
      long firstClick = System.currentTimeMillis();

      clickAll(api, links.subList(0, 10));
      broker.close();
      clickAll(api, links.subList(10, 20));
      clickAll(api, List.of(links.get(10), links.get(11), links.get(0))); // duplicates
      assertThat(Files.list(dataDir.resolve("spool")).count())
          .as("clicks went to the spool")
          .isPositive();
      // Alive all along, but not ready while the broker is gone: a load balancer stops sending.
      Eventually.assertThat(
          Duration.ofSeconds(30),
          "/readyz names Kafka as failing",
          () -> {
            HttpResponse<String> ready = api.get("/readyz", (String) null);
            return ready.statusCode() == 503 && ready.body().contains("kafka: ");
          });
      assertThat(api.get("/healthz", (String) null).statusCode()).isEqualTo(200);
      // Wait until the outage clicks' minute is final, so their replay has to correct it.
      String key = advertiser.get("apiKey").asText();
      long outageMinuteEnd = Granularity.MINUTE.bucketEnd(System.currentTimeMillis());
      Eventually.assertThat(
          Duration.ofSeconds(120),
          "the outage minute is final before the broker returns",
          () -> completeThrough(api, key, ad, firstClick) >= outageMinuteEnd);

      broker = EmbeddedKafkaBroker.start(kafkaDir, port);
      clickAll(api, links.subList(20, 30));
      long lastClick = System.currentTimeMillis();

      awaitTotal(api, key, ad, firstClick, 30);
      assertThat(api.get("/readyz", (String) null).statusCode()).isEqualTo(200);
      // Stays exact once everything up to the last click is complete: nothing added later.
      Eventually.assertThat(
          Duration.ofSeconds(90),
          "complete through the last click",
          () -> completeThrough(api, key, ad, firstClick) > lastClick);
      for (String granularity : List.of("minute", "hour", "day")) {
        assertThat(total(api, key, ad, firstClick, granularity)).as(granularity).isEqualTo(30);
      }
    } finally {
      broker.close();
    }
  }

  private static void clickAll(ApiClient api, List<String> links) throws Exception {
    for (String link : links) {
      HttpResponse<String> response = api.get(link, (String) null);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
      assertThat(response.headers().firstValue("Location")).hasValue(TARGET);
    }
  }

  private static void awaitTotal(ApiClient api, String key, long ad, long around, long expected)
      throws Exception {
    for (String granularity : List.of("minute", "hour", "day")) {
      Eventually.assertThat(
          Duration.ofSeconds(90),
          granularity + " total is " + expected,
          () -> total(api, key, ad, around, granularity) == expected);
    }
  }

  private static long total(ApiClient api, String key, long ad, long around, String granularity)
      throws Exception {
    return metrics(api, key, ad, around, granularity).get("total").asLong();
  }

  private static long completeThrough(ApiClient api, String key, long ad, long around)
      throws Exception {
    JsonNode value = metrics(api, key, ad, around, "day").get("completeThrough");
    return value.isNull() ? 0 : Instant.parse(value.asText()).toEpochMilli();
  }

  private static JsonNode metrics(
      ApiClient api, String key, long ad, long around, String granularity) throws Exception {
    long from = Granularity.DAY.bucketStart(around) - 86_400_000L;
    long to = from + 3 * 86_400_000L;
    if (granularity.equals("minute")) {
      from = Granularity.HOUR.bucketStart(around) - 3_600_000L;
      to = from + 3 * 3_600_000L;
    }
    HttpResponse<String> response =
        api.get(
            "/api/v1/ads/"
                + ad
                + "/metrics?granularity="
                + granularity
                + "&from="
                + Instant.ofEpochMilli(from)
                + "&to="
                + Instant.ofEpochMilli(to),
            key);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return ApiClient.json(response);
  }

  private static List<String> mint(ApiClient api, long ad, int count) throws Exception {
    List<String> links = new ArrayList<>();
    api.postOk(
            "/api/v1/impressions",
            TestConfigs.ADMIN,
            "{\"adId\":" + ad + ",\"count\":" + count + "}")
        .get("impressions")
        .forEach(i -> links.add(i.get("clickUrl").asText()));
    return links;
  }
}
