package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.adclick.http.BearerRateLimit;
import io.adclick.http.HttpRouter;
import io.adclick.time.Granularity;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline, real and embedded: Kafka broker, Flink MiniCluster, RocksDB, HTTP. Clicks go
 * in through {@code /c/{token}} and must come out of the query API counted exactly once, also after
 * a restart on the same data directory.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AllInOneServerIT {
  private static final Duration COUNTED = Duration.ofSeconds(60);
  private static final String ADMIN = TestConfigs.ADMIN;

  @TempDir static Path dataDir;
  private static AllInOneServer server;
  private static ApiClient api;
  private static String keyA;
  private static String keyB;
  private static long advertiserA;
  private static long adOne;
  private static long adTwoClicks;
  private static long adTwo;
  private static final List<String> adOneLinks = new ArrayList<>();
  private static long clicksFrom;
  private static long clicksTo;

  @BeforeAll
  static void start() throws Exception {
    startServer();
    JsonNode a = api.postOk("/api/v1/advertisers", ADMIN, "{\"name\":\"Acme\"}");
    JsonNode b = api.postOk("/api/v1/advertisers", ADMIN, "{\"name\":\"Globex\"}");
    keyA = a.get("apiKey").asText();
    keyB = b.get("apiKey").asText();
    advertiserA = a.get("id").asLong();
    adOne = api.createAd(a.get("id").asLong(), "https://acme.example/landing?x=1");
    adTwo = api.createAd(a.get("id").asLong(), "https://acme.example/two");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void countsEachImpressionOnceWhateverElseIsClicked() throws Exception {
    List<String> two = mint(adTwo, 3);
    adOneLinks.addAll(mint(adOne, 5));
    clicksFrom = System.currentTimeMillis();
    for (String link : adOneLinks) {
      assertRedirect(api.get(link, (String) null), "https://acme.example/landing?x=1");
    }
    // Repeats of the same impression: redirected, counted once.
    assertRedirect(api.get(adOneLinks.get(0), (String) null), "https://acme.example/landing?x=1");
    assertRedirect(api.get(adOneLinks.get(1), (String) null), "https://acme.example/landing?x=1");
    // HEAD and a prefetch are redirected but not counted, and do not use up the impression.
    assertRedirect(api.head(two.get(0)), "https://acme.example/two");
    assertRedirect(api.get(two.get(1), "Sec-Purpose", "prefetch"), "https://acme.example/two");
    for (String link : two) {
      assertRedirect(api.get(link, (String) null), "https://acme.example/two");
    }
    // Forged and garbage tokens: 400, never redirected, never counted.
    String forged = flipOneChar(adOneLinks.get(2));
    assertThat(api.get(forged, (String) null).statusCode()).isEqualTo(400);
    assertThat(api.get("/c/not-a-token", (String) null).statusCode()).isEqualTo(400);
    assertThat(api.get("/c/" + "A".repeat(500), (String) null).statusCode()).isEqualTo(400);
    clicksTo = System.currentTimeMillis();

    awaitTotals(adOne, 5);
    awaitTotals(adTwo, 3);
    assertMinuteCountsWhereUnambiguous(adOne, 5);
  }

  @Test
  @Order(2)
  void finalisesBucketsOnceTheWatermarkPassesThem() throws Exception {
    long minuteBefore = Granularity.MINUTE.bucketStart(clicksFrom) - 60_000;
    // Partitions that never had a click follow the clock only after the start-up grace.
    Eventually.assertThat(
        Duration.ofSeconds(90),
        "the minute before the clicks is final",
        () -> {
          JsonNode body = metrics(adOne, keyA, minuteBefore, minuteBefore + 60_000, "minute");
          return body.get("buckets").get(0).get("final").asBoolean()
              && body.get("completeThrough").isTextual();
        });
  }

  @Test
  @Order(3)
  void nobodyReadsAnotherAdvertisersAds() throws Exception {
    String query = "/metrics?from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z";
    HttpResponse<String> foreign = api.get("/api/v1/ads/" + adOne + query, keyB);
    HttpResponse<String> unknown = api.get("/api/v1/ads/999999" + query, keyA);

    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(ApiClient.json(foreign).get("error").asText()).isEqualTo("not_found");
    assertThat(ApiClient.json(unknown).get("error").asText()).isEqualTo("not_found");
    assertThat(ApiClient.json(foreign).get("message").asText())
        .isEqualTo("ad " + adOne + " not found");
    assertThat(api.get("/api/v1/ads/" + adOne + query, null).statusCode()).isEqualTo(401);
    assertThat(api.get("/api/v1/ads/" + adOne + query, "ak_wrong").statusCode()).isEqualTo(401);
  }

  @Test
  @Order(4)
  void badQueryParametersAreNamed() throws Exception {
    String base = "/api/v1/ads/" + adOne + "/metrics";
    assertBadParameter(base + "?from=yesterday&to=2026-01-01T00:00:00Z", "from");
    assertBadParameter(base + "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to");
    assertBadParameter(
        base + "?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&granularity=week",
        "granularity");
    assertBadParameter(
        base + "?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&granularity=minute",
        "granularity");
    assertBadParameter(base + "?to=2026-01-01T00:00:00Z", "from");
  }

  @Test
  @Order(5)
  void adminCallsNeedTheAdminTokenAndValidInput() throws Exception {
    assertThat(api.post("/api/v1/advertisers", "wrong", "{\"name\":\"x\"}").statusCode())
        .isEqualTo(401);
    assertThat(api.post("/api/v1/advertisers", ADMIN, "{").statusCode()).isEqualTo(400);
    HttpResponse<String> badUrl =
        api.post(
            "/api/v1/ads",
            ADMIN,
            "{\"advertiserId\":1,\"name\":\"n\",\"targetUrl\":\"javascript:alert(1)\"}");
    assertThat(badUrl.statusCode()).isEqualTo(400);
    assertThat(ApiClient.json(badUrl).get("message").asText()).contains("targetUrl");
    assertThat(
            api.post("/api/v1/impressions", ADMIN, "{\"adId\":" + adOne + ",\"count\":1001}")
                .statusCode())
        .isEqualTo(400);
    assertThat(api.post("/api/v1/impressions", ADMIN, "{\"adId\":424242}").statusCode())
        .isEqualTo(404);
  }

  @Test
  @Order(6)
  void keepsCountsDedupAndEveryRedirectedClickAcrossAGracefulRestart() throws Exception {
    // Clicks keep coming while the server shuts down: each one that got its 302 must count.
    List<String> inFlight = mint(adTwo, 300);
    AtomicInteger redirected = new AtomicInteger();
    CountDownLatch underWay = new CountDownLatch(30);
    ExecutorService users = Executors.newFixedThreadPool(4);
    for (String link : inFlight) {
      users.submit(
          () -> {
            try {
              if (api.get(link, (String) null).statusCode() == 302) {
                redirected.incrementAndGet();
              }
            } catch (Exception refusedWhileStopping) {
              // not redirected, so not expected to count
            } finally {
              underWay.countDown();
            }
          });
    }
    assertThat(underWay.await(30, TimeUnit.SECONDS)).isTrue();
    server.close();
    users.shutdown();
    assertThat(users.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    assertThat(redirected.get()).isGreaterThanOrEqualTo(30);
    startServer();

    adTwoClicks = 3 + redirected.get();
    awaitTotals(adTwo, adTwoClicks);
    awaitTotals(adOne, 5);
    List<String> more = mint(adOne, 2);
    for (String link : more) {
      assertRedirect(api.get(link, (String) null), "https://acme.example/landing?x=1");
    }
    // A repeat of an impression clicked before the restart still does not count. The server
    // listens on a new port now; the token in the link is what matters.
    String oldLink = adOneLinks.get(3);
    String relinked = server.baseUrl() + oldLink.substring(oldLink.indexOf("/c/"));
    assertRedirect(api.get(relinked, (String) null), "https://acme.example/landing?x=1");
    awaitTotals(adOne, 7);
  }

  @Test
  @Order(7)
  void advertiserSeriesAndPerAdTotalsAddUpEndToEnd() throws Exception {
    long total = 7 + adTwoClicks;
    long now = System.currentTimeMillis();
    String series =
        "/api/v1/advertisers/"
            + advertiserA
            + "/metrics?granularity=day&tz=America/New_York&from="
            + Instant.ofEpochMilli(now - 2 * 86_400_000L)
            + "&to="
            + Instant.ofEpochMilli(now + 86_400_000L);
    Eventually.assertThat(
        COUNTED,
        "the advertiser's New York days add up to " + total,
        () -> ApiClient.json(api.get(series, keyA)).get("total").asLong() == total);
    // A ragged range: minutes at both edges, hours in between.
    String totals =
        "/api/v1/advertisers/"
            + advertiserA
            + "/ads?from="
            + Instant.ofEpochMilli(clicksFrom - 60_000 * 61 - 7_000)
            + "&to="
            + Instant.ofEpochMilli(System.currentTimeMillis() + 60_000 * 3 + 1_000);
    JsonNode ads = ApiClient.json(api.get(totals, keyA)).get("ads");
    assertThat(ads.findValues("adId")).extracting(JsonNode::asLong).containsExactly(adTwo, adOne);
    assertThat(ads.findValues("clicks"))
        .extracting(JsonNode::asLong)
        .containsExactly(adTwoClicks, 7L);

    HttpResponse<String> csv = api.get(totals + "&format=csv&limit=1", keyA);
    assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
    assertThat(csv.body())
        .isEqualTo("adId,name,clicks\r\n" + adTwo + ",ad," + adTwoClicks + "\r\n");
    JsonNode own = ApiClient.json(api.get("/api/v1/ads", keyA));
    assertThat(own.get("ads").findValues("id"))
        .extracting(JsonNode::asLong)
        .containsExactly(adOne, adTwo);
    assertThat(ApiClient.json(api.get("/api/v1/ads", keyB)).get("ads")).isEmpty();
    HttpResponse<String> foreign = api.get(series, keyB);
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(ApiClient.json(foreign).get("message").asText())
        .isEqualTo("advertiser " + advertiserA + " not found");
  }

  @Test
  @Order(8)
  void theOpenApiDocumentListsEveryRouteAndMatchesRealAnswers() throws Exception {
    HttpResponse<String> response = api.get("/api/v1/openapi.json", null);
    assertThat(response.statusCode()).isEqualTo(200);
    OpenApiCheck check = new OpenApiCheck(ApiClient.json(response));
    Map<String, String> pathValues =
        Map.of(
            "adId", String.valueOf(adOne),
            "advertiserId", String.valueOf(advertiserA),
            "token", "x");

    check.assertListsExactly(server.endpoints());
    for (HttpRouter.Endpoint endpoint : server.endpoints()) {
      // The admin GETs need a recorded run: ReconciliationIT checks them against real ones.
      if (endpoint.api() != null
          && endpoint.method().equals("GET")
          && !endpoint.template().startsWith("/api/v1/admin/")) {
        check.assertAnswerMatches(endpoint, pathValues, "Bearer " + keyA);
      }
    }
  }

  @Test
  @Order(9)
  void aKeySendingFasterThanItsRateLimitGets429WithRetryAfterAndOthersDoNot() throws Exception {
    int burst = (int) (2 * BearerRateLimit.DEFAULT_PER_SECOND);
    HttpResponse<String> refused = null;
    // Twice the burst, faster than the sustained rate refills it (tens of ms per request at most).
    for (int i = 0; i < 2 * burst && refused == null; i++) {
      HttpResponse<String> response = api.get("/api/v1/ads", keyA);
      if (response.statusCode() == 429) {
        refused = response;
      }
    }

    assertThat(refused).as("a 429 within %d requests", 2 * burst).isNotNull();
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(ApiClient.json(refused).get("error").asText()).isEqualTo("too_many_requests");
    assertThat(api.get("/api/v1/ads", keyB).statusCode()).isEqualTo(200);
  }

  @Test
  @Order(10)
  void hourAndDaySeriesCountDistinctUsersEndToEnd() throws Exception {
    JsonNode c = api.postOk("/api/v1/advertisers", ADMIN, "{\"name\":\"Initech\"}");
    String keyC = c.get("apiKey").asText();
    long ad = api.createAd(c.get("id").asLong(), "https://initech.example/");
    List<String> links = new ArrayList<>();
    for (String user : List.of("alice", "alice", "bob", "carol", "alice")) {
      links.addAll(mint(ad, 1, user));
    }
    links.add(links.get(2)); // bob again on the same impression: one click, one user
    for (String link : links) {
      assertRedirect(api.get(link, (String) null), "https://initech.example/");
    }

    long now = System.currentTimeMillis();
    long from = Granularity.DAY.bucketStart(now) - 86_400_000L;
    long to = Granularity.DAY.bucketStart(now) + 86_400_000L;
    Eventually.assertThat(
        COUNTED,
        "5 clicks by 3 users in the ad's days",
        () -> {
          JsonNode days = metrics(ad, keyC, from, to, "day");
          return days.get("total").asLong() == 5 && days.path("uniqueUsers").asLong() == 3;
        });
    String advertiserHours =
        "/api/v1/advertisers/"
            + c.get("id").asLong()
            + "/metrics?granularity=hour&from="
            + Instant.ofEpochMilli(from)
            + "&to="
            + Instant.ofEpochMilli(to);
    Eventually.assertThat(
        COUNTED,
        "3 users in the advertiser's hours",
        () -> ApiClient.json(api.get(advertiserHours, keyC)).path("uniqueUsers").asLong() == 3);
    assertThat(metrics(ad, keyC, from, to, "hour").get("buckets").findValues("uniqueUsers"))
        .extracting(JsonNode::asLong)
        .hasSize(48)
        .allMatch(users -> users <= 3)
        .anyMatch(users -> users > 0);
  }

  @Test
  @Order(11)
  void theMetricsEndpointShowsClicksQueriesAndThePolledGauges() throws Exception {
    assertRedirect(
        api.get(mint(adOne, 1).get(0), (String) null), "https://acme.example/landing?x=1");
    assertThat(api.get("/api/v1/ads/" + adOne + "/metrics", keyA).statusCode()).isEqualTo(400);

    HttpResponse<String> response = api.get("/metrics", (String) null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body())
        .contains("adclick_clicks_total{outcome=\"candidate\"}")
        .contains("adclick_click_redirect_seconds_count")
        .contains("adclick_kafka_send_seconds_count")
        .contains("adclick_kafka_send_errors_total")
        .contains("adclick_spool_bytes")
        .contains("adclick_spool_active")
        .contains("adclick_spool_clicks_total{result=\"spooled\"}")
        .contains(
            "adclick_api_request_seconds_count{method=\"GET\","
                + "route=\"/api/v1/ads/{adId}/metrics\",status=\"4xx\"}")
        .contains("adclick_store_size_bytes")
        .contains("adclick_consumer_lag_records{group=\"adclick-aggregation\"}")
        .doesNotContain(keyA);
  }

  private static void startServer() throws Exception {
    server = TestConfigs.startHealthy(dataDir, null);
    api = new ApiClient(server.baseUrl());
  }

  private static List<String> mint(long adId, int count) throws Exception {
    return mint(adId, count, null);
  }

  private static List<String> mint(long adId, int count, String userKey) throws Exception {
    List<String> links = api.mint(adId, count, userKey);
    assertThat(links).hasSize(count).allMatch(l -> l.startsWith(server.baseUrl() + "/c/"));
    return links;
  }

  private static void assertRedirect(HttpResponse<String> response, String target) {
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location")).hasValue(target);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  /** Waits until the minute, hour and day series all add up to the expected total. */
  private static void awaitTotals(long adId, long expected) throws Exception {
    long now = System.currentTimeMillis();
    long dayStart = Granularity.DAY.bucketStart(now) - 86_400_000L;
    long dayEnd = Granularity.DAY.bucketStart(now) + 86_400_000L;
    for (String granularity : List.of("minute", "hour", "day")) {
      long from =
          granularity.equals("minute") ? Granularity.HOUR.bucketStart(now) - 3_600_000L : dayStart;
      long to =
          granularity.equals("minute") ? Granularity.HOUR.bucketStart(now) + 3_600_000L : dayEnd;
      Eventually.assertThat(
          COUNTED,
          "ad " + adId + " has " + expected + " clicks by " + granularity,
          () -> metrics(adId, keyA, from, to, granularity).get("total").asLong() == expected);
    }
    // Counts that reached the expected total stay there: no late double count.
    assertThat(metrics(adId, keyA, dayStart, dayEnd, "day").get("total").asLong())
        .isEqualTo(expected);
  }

  private static void assertMinuteCountsWhereUnambiguous(long adId, long expected)
      throws Exception {
    long minute = Granularity.MINUTE.bucketStart(clicksFrom);
    if (minute != Granularity.MINUTE.bucketStart(clicksTo)) {
      return; // the clicks straddle a minute boundary; the totals above still hold
    }
    JsonNode body = metrics(adId, keyA, minute - 60_000, minute + 120_000, "minute");
    assertThat(body.get("buckets")).hasSize(3);
    assertThat(body.get("buckets").get(0).get("clicks").asLong()).isZero();
    assertThat(body.get("buckets").get(1).get("clicks").asLong()).isEqualTo(expected);
    assertThat(body.get("buckets").get(1).get("start").asText())
        .isEqualTo(Instant.ofEpochMilli(minute).toString());
    assertThat(body.get("buckets").get(2).get("clicks").asLong()).isZero();
  }

  private static JsonNode metrics(long adId, String key, long from, long to, String granularity)
      throws Exception {
    HttpResponse<String> response =
        api.get(
            "/api/v1/ads/"
                + adId
                + "/metrics?from="
                + Instant.ofEpochMilli(from)
                + "&to="
                + Instant.ofEpochMilli(to)
                + "&granularity="
                + granularity,
            key);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return ApiClient.json(response);
  }

  private static void assertBadParameter(String path, String parameter) throws Exception {
    HttpResponse<String> response = api.get(path, keyA);
    assertThat(response.statusCode()).as(path).isEqualTo(400);
    JsonNode body = ApiClient.json(response);
    assertThat(body.get("error").asText()).isEqualTo("bad_request");
    assertThat(body.get("message").asText()).contains("'" + parameter + "'");
  }

  private static String flipOneChar(String link) {
    int at = link.length() - 10;
    char c = link.charAt(at);
    return link.substring(0, at) + (c == 'A' ? 'B' : 'A') + link.substring(at + 1);
  }
}
