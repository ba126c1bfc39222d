package io.adclick.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adclick.http.ApiException;
import io.adclick.http.ApiRequest;
import io.adclick.http.ApiResponse;
import io.adclick.registry.AdDirectory;
import io.adclick.registry.ApiKeys;
import io.adclick.registry.rocksdb.RocksDbAdRegistry;
import io.adclick.store.rocksdb.RocksDbMetricsStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The query endpoints as plain functions over the real RocksDB store and registry. */
class QueryApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private RocksDbMetricsStore store;
  private RocksDbAdRegistry registry;
  private QueryApi api;
  private StoredClicks clicks;
  private long acme;
  private long globex;
  private long sale;
  private long brand;
  private long other;
  private long reconciledThrough = -1;

  @BeforeEach
  void open() {
    store = RocksDbMetricsStore.open(dir.resolve("metrics"));
    registry = RocksDbAdRegistry.open(dir.resolve("registry"));
    api = new QueryApi(new AdDirectory(registry), registry, store, () -> reconciledThrough);
    clicks = new StoredClicks(store);
    acme = registry.createAdvertiser("Acme", ApiKeys.hash("ak_acme")).id();
    globex = registry.createAdvertiser("Globex", ApiKeys.hash("ak_globex")).id();
    sale = registry.createAd(acme, "Winter sale, 50% off", "https://acme.example/sale").id();
    brand = registry.createAd(acme, "Brand", "https://acme.example/").id();
    other = registry.createAd(globex, "Globex", "https://globex.example/").id();
  }

  @AfterEach
  void close() {
    store.close();
    registry.close();
  }

  @Test
  void adSeriesKeepsItsShape() throws Exception {
    clicks
        .click(acme, sale, "2026-03-01T10:15:00Z", 2)
        .click(acme, sale, "2026-03-01T12:00:00Z", 3);
    store.advanceCompleteThrough(at("2026-03-01T11:00:00Z"));

    JsonNode body =
        ok(api::adMetrics, adSeries(sale, "2026-03-01T10:00:00Z", "2026-03-01T13:00:00Z", "hour"));

    assertThat(fieldNames(body))
        .containsExactly(
            "adId",
            "granularity",
            "tz",
            "from",
            "to",
            "completeThrough",
            "reconciledThrough",
            "total",
            "buckets");
    assertThat(body.get("adId").asLong()).isEqualTo(sale);
    assertThat(body.get("tz").asText()).isEqualTo("UTC");
    assertThat(body.get("completeThrough").asText()).isEqualTo("2026-03-01T11:00:00Z");
    assertThat(body.get("total").asLong()).isEqualTo(5);
    assertThat(body.get("buckets").toString())
        .isEqualTo(
            "[{\"start\":\"2026-03-01T10:00:00Z\",\"clicks\":2,\"final\":true},"
                + "{\"start\":\"2026-03-01T11:00:00Z\",\"clicks\":0,\"final\":false},"
                + "{\"start\":\"2026-03-01T12:00:00Z\",\"clicks\":3,\"final\":false}]");
  }

  @Test
  void advertiserSeriesSumsItsAdsOnly() throws Exception {
    clicks
        .click(acme, sale, "2026-03-01T10:15:00Z", 2)
        .click(acme, brand, "2026-03-01T10:40:00Z", 1)
        .click(globex, other, "2026-03-01T10:20:00Z", 7);

    JsonNode body =
        ok(
            api::advertiserMetrics,
            Requests.get("ak_acme")
                .path("advertiserId", acme)
                .q("from", "2026-03-01T10:00:00Z")
                .q("to", "2026-03-01T11:00:00Z")
                .q("granularity", "minute")
                .build());

    assertThat(body.has("adId")).isFalse();
    assertThat(body.get("advertiserId").asLong()).isEqualTo(acme);
    assertThat(body.get("buckets")).hasSize(60);
    assertThat(body.get("total").asLong()).isEqualTo(3);
    assertThat(body.get("completeThrough").isNull()).isTrue();
  }

  @Test
  void hourAndDaySeriesCountDistinctUsersPerBucketAndOverTheRange() throws Exception {
    clicks
        .clickBy(acme, sale, "2026-03-01T10:15:00Z", "alice")
        .clickBy(acme, sale, "2026-03-01T10:20:00Z", "alice")
        .clickBy(acme, sale, "2026-03-01T10:25:00Z", "bob")
        .clickBy(acme, sale, "2026-03-01T12:05:00Z", "alice")
        .clickBy(acme, brand, "2026-03-01T12:10:00Z", "carol");

    JsonNode ad =
        ok(api::adMetrics, adSeries(sale, "2026-03-01T10:00:00Z", "2026-03-01T13:00:00Z", "hour"));
    JsonNode advertiser =
        ok(
            api::advertiserMetrics,
            Requests.get("ak_acme")
                .path("advertiserId", acme)
                .q("from", "2026-03-01T00:00:00Z")
                .q("to", "2026-03-03T00:00:00Z")
                .q("granularity", "day")
                .build());
    JsonNode minutes =
        ok(
            api::adMetrics,
            adSeries(sale, "2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z", "minute"));

    assertThat(ad.get("buckets").findValues("uniqueUsers"))
        .extracting(JsonNode::asLong)
        .containsExactly(2L, 0L, 1L);
    assertThat(ad.get("total").asLong()).isEqualTo(4);
    assertThat(ad.get("uniqueUsers").asLong()).as("alice counted once").isEqualTo(2);
    assertThat(advertiser.get("buckets").findValues("uniqueUsers"))
        .extracting(JsonNode::asLong)
        .containsExactly(3L, 0L);
    assertThat(advertiser.get("uniqueUsers").asLong()).isEqualTo(3);
    assertThat(minutes.has("uniqueUsers")).as("minutes keep no users").isFalse();
    assertThat(minutes.get("buckets").findValues("uniqueUsers")).isEmpty();
  }

  @Test
  void indiaDaysAndHoursAreAssembledFromMinutesAndHours() throws Exception {
    // 2026-03-01 in India (+05:30) is [2026-02-28T18:30Z, 2026-03-01T18:30Z).
    clicks
        .click(acme, sale, "2026-02-28T18:29:00Z", 100) // the day before
        .click(acme, sale, "2026-02-28T18:30:00Z", 1)
        .click(acme, sale, "2026-03-01T07:00:00Z", 10)
        .click(acme, sale, "2026-03-01T18:29:59Z", 5)
        .click(acme, sale, "2026-03-01T18:30:00Z", 1000); // the day after

    JsonNode days =
        ok(
            api::adMetrics,
            adSeries(
                sale,
                "2026-03-01T00:00:00+05:30",
                "2026-03-02T00:00:00+05:30",
                "day",
                "Asia/Kolkata"));
    JsonNode hours =
        ok(
            api::adMetrics,
            adSeries(
                sale,
                "2026-03-01T12:00:00+05:30",
                "2026-03-01T13:00:00+05:30",
                "hour",
                "Asia/Kolkata"));

    assertThat(days.get("tz").asText()).isEqualTo("Asia/Kolkata");
    assertThat(days.get("buckets")).hasSize(1);
    assertThat(days.get("buckets").get(0).get("start").asText()).isEqualTo("2026-02-28T18:30:00Z");
    assertThat(days.get("total").asLong()).isEqualTo(16);
    // 12:00-13:00 IST is 06:30-07:30Z: the 07:00Z click belongs to it.
    assertThat(hours.get("total").asLong()).isEqualTo(10);
  }

  @Test
  void newYorkDaysFollowDaylightSaving() throws Exception {
    clicks
        .click(acme, sale, "2026-03-08T04:59:00Z", 1) // Mar 7, 23:59 EST
        .click(acme, sale, "2026-03-08T05:00:00Z", 2) // Mar 8, 00:00 EST
        .click(acme, sale, "2026-03-09T03:59:00Z", 3) // Mar 8, 23:59 EDT
        .click(acme, sale, "2026-03-09T04:00:00Z", 4); // Mar 9, 00:00 EDT

    JsonNode body =
        ok(
            api::adMetrics,
            adSeries(
                sale, "2026-03-07T05:00:00Z", "2026-03-10T04:00:00Z", "day", "America/New_York"));

    assertThat(body.get("buckets").findValuesAsText("start"))
        .containsExactly("2026-03-07T05:00:00Z", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z");
    assertThat(body.get("buckets").findValues("clicks"))
        .extracting(JsonNode::asLong)
        .containsExactly(1L, 5L, 4L);
  }

  @Test
  void adTotalsAreSortedLimitedAndCountRaggedEdges() throws Exception {
    clicks
        .click(acme, sale, "2026-03-01T10:15:00Z", 2) // before the range
        .click(acme, sale, "2026-03-01T10:30:00Z", 3)
        .click(acme, sale, "2026-03-02T14:00:00Z", 4)
        .click(acme, brand, "2026-03-03T09:44:00Z", 8)
        .click(acme, brand, "2026-03-03T09:45:00Z", 100) // at the exclusive end
        .click(globex, other, "2026-03-02T00:00:00Z", 50);

    ApiRequest request =
        Requests.get("ak_acme")
            .path("advertiserId", acme)
            .q("from", "2026-03-01T10:30:00Z")
            .q("to", "2026-03-03T09:45:00Z")
            .build();
    JsonNode body = ok(api::adTotals, request);

    assertThat(fieldNames(body))
        .containsExactly(
            "advertiserId", "from", "to", "completeThrough", "reconciledThrough", "ads");
    assertThat(body.get("ads").toString())
        .isEqualTo(
            "[{\"adId\":"
                + brand
                + ",\"name\":\"Brand\",\"clicks\":8},"
                + "{\"adId\":"
                + sale
                + ",\"name\":\"Winter sale, 50% off\",\"clicks\":7}]");
    JsonNode limited =
        ok(
            api::adTotals,
            Requests.get("ak_acme")
                .path("advertiserId", acme)
                .q("from", "2026-03-01T10:30:00Z")
                .q("to", "2026-03-03T09:45:00Z")
                .q("sort", "clicks")
                .q("limit", "1")
                .build());
    assertThat(limited.get("ads")).hasSize(1);
  }

  @Test
  void reconciledThroughIsNullBeforeTheFirstRunThenOnEveryAnswerWithCounts() throws Exception {
    clicks.click(acme, sale, "2026-03-01T10:15:00Z", 2);
    store.advanceCompleteThrough(at("2026-03-01T11:00:00Z"));
    String from = "2026-03-01T10:00:00Z";
    String to = "2026-03-01T12:00:00Z";
    Requests adSeries = Requests.get("ak_acme").path("adId", sale).q("from", from).q("to", to);
    Requests advertiserSeries =
        Requests.get("ak_acme").path("advertiserId", acme).q("from", from).q("to", to);
    List<Function<ApiRequest, ApiResponse>> endpoints =
        List.of(api::adMetrics, api::advertiserMetrics, api::adTotals);
    List<Requests> requests = List.of(adSeries, advertiserSeries, totals(from, to));

    for (int i = 0; i < endpoints.size(); i++) {
      JsonNode body = ok(endpoints.get(i), requests.get(i).build());
      assertThat(body.get("reconciledThrough").isNull()).isTrue();
      assertThat(endpoints.get(i).apply(requests.get(i).build()).headers())
          .containsKey("Complete-Through")
          .doesNotContainKey("Reconciled-Through");
    }
    reconciledThrough = at("2026-03-01T10:00:00Z");
    for (int i = 0; i < endpoints.size(); i++) {
      JsonNode body = ok(endpoints.get(i), requests.get(i).build());
      ApiResponse csv = endpoints.get(i).apply(requests.get(i).q("format", "csv").build());
      assertThat(body.get("reconciledThrough").asText()).isEqualTo("2026-03-01T10:00:00Z");
      assertThat(csv.contentType()).startsWith("text/csv");
      assertThat(csv.headers())
          .containsEntry("Complete-Through", "2026-03-01T11:00:00Z")
          .containsEntry("Reconciled-Through", "2026-03-01T10:00:00Z");
    }
  }

  @Test
  void csvOnRequest() {
    clicks.click(acme, sale, "2026-03-01T10:15:00Z", 2);
    ApiRequest series =
        Requests.get("ak_acme")
            .path("adId", sale)
            .q("from", "2026-03-01T10:00:00Z")
            .q("to", "2026-03-01T12:00:00Z")
            .q("granularity", "hour")
            .header("Accept", "text/csv")
            .build();
    ApiRequest totals =
        Requests.get("ak_acme")
            .path("advertiserId", acme)
            .q("from", "2026-03-01T00:00:00Z")
            .q("to", "2026-03-02T00:00:00Z")
            .q("format", "csv")
            .build();

    ApiResponse seriesCsv = api.adMetrics(series);
    assertThat(seriesCsv.contentType()).startsWith("text/csv");
    assertThat(text(seriesCsv))
        .isEqualTo(
            "start,clicks,final,uniqueUsers\r\n2026-03-01T10:00:00Z,2,false,\r\n"
                + "2026-03-01T11:00:00Z,0,false,\r\n");
    assertThat(text(api.adTotals(totals)))
        .isEqualTo("adId,name,clicks\r\n" + sale + ",\"Winter sale, 50% off\",2\r\n");
    assertThat(text(api.ads(Requests.get("ak_acme").q("format", "csv").build())))
        .startsWith("id,name,targetUrl,status\r\n");
  }

  @Test
  void listsOnlyTheCallersAds() throws Exception {
    JsonNode body = ok(api::ads, Requests.get("ak_acme").build());

    assertThat(body.get("advertiserId").asLong()).isEqualTo(acme);
    assertThat(body.get("ads").findValues("id"))
        .extracting(JsonNode::asLong)
        .containsExactly(sale, brand);
    assertThat(fieldNames(body.get("ads").get(0)))
        .containsExactly("id", "name", "targetUrl", "status");
  }

  @Test
  void foreignAndUnknownIdsAnswerTheSame404() {
    for (String id : List.of(String.valueOf(other), "999999", "abc", "-1")) {
      assertThat(notFound(api::adMetrics, "adId", id)).isEqualTo("ad " + id + " not found");
    }
    for (String id : List.of(String.valueOf(globex), "424242", "x")) {
      assertThat(notFound(api::advertiserMetrics, "advertiserId", id))
          .isEqualTo("advertiser " + id + " not found");
      assertThat(notFound(api::adTotals, "advertiserId", id))
          .isEqualTo("advertiser " + id + " not found");
    }
  }

  @Test
  void badParametersAreNamed() {
    String from = "2026-03-01T00:00:00Z";
    String to = "2026-03-02T00:00:00Z";
    assertBad(api::adTotals, totals(from, to).q("limit", "0"), "limit");
    assertBad(api::adTotals, totals(from, to).q("limit", "1001"), "limit");
    assertBad(api::adTotals, totals(from, to).q("limit", "ten"), "limit");
    assertBad(api::adTotals, totals(from, to).q("sort", "name"), "sort");
    assertBad(api::adTotals, totals(to, from), "to");
    assertBad(api::adTotals, totals(from, null), "to");
    assertBad(api::ads, Requests.get("ak_acme").q("format", "xml"), "format");
    assertBad(
        api::adMetrics,
        Requests.get("ak_acme")
            .path("adId", sale)
            .q("from", from)
            .q("to", to)
            .q("tz", "Nowhere/City"),
        "tz");
    assertBad(
        api::advertiserMetrics,
        Requests.get("ak_acme")
            .path("advertiserId", acme)
            .q("from", "2020-01-01T00:00:00Z")
            .q("to", to)
            .q("granularity", "hour"),
        "granularity");
  }

  @Test
  void everyEndpointNeedsAValidKey() {
    for (Function<ApiRequest, ApiResponse> endpoint :
        List.<Function<ApiRequest, ApiResponse>>of(
            api::adMetrics, api::advertiserMetrics, api::adTotals, api::ads)) {
      assertThatThrownBy(() -> endpoint.apply(Requests.get(null).build()))
          .isInstanceOf(ApiException.class)
          .extracting(e -> ((ApiException) e).status())
          .isEqualTo(401);
      assertThatThrownBy(() -> endpoint.apply(Requests.get("ak_wrong").build()))
          .isInstanceOf(ApiException.class)
          .extracting(e -> ((ApiException) e).status())
          .isEqualTo(401);
    }
  }

  private Requests totals(String from, String to) {
    return Requests.get("ak_acme").path("advertiserId", acme).q("from", from).q("to", to);
  }

  private static ApiRequest adSeries(long adId, String from, String to, String granularity) {
    return adSeries(adId, from, to, granularity, null);
  }

  private static ApiRequest adSeries(
      long adId, String from, String to, String granularity, String zone) {
    return Requests.get("ak_acme")
        .path("adId", adId)
        .q("from", from)
        .q("to", to)
        .q("granularity", granularity)
        .q("tz", zone)
        .build();
  }

  private static String notFound(
      Function<ApiRequest, ApiResponse> endpoint, String param, String id) {
    ApiRequest request =
        Requests.get("ak_acme")
            .path(param, id)
            .q("from", "2026-03-01T00:00:00Z")
            .q("to", "2026-03-02T00:00:00Z")
            .q("granularity", "hour")
            .build();
    ApiException e = catchApi(endpoint, request);
    assertThat(e.status()).isEqualTo(404);
    return e.getMessage();
  }

  private static void assertBad(
      Function<ApiRequest, ApiResponse> endpoint, Requests request, String parameter) {
    ApiException e = catchApi(endpoint, request.build());
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.getMessage()).contains("'" + parameter + "'");
  }

  private static ApiException catchApi(Function<ApiRequest, ApiResponse> endpoint, ApiRequest r) {
    try {
      endpoint.apply(r);
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("expected an error answer");
  }

  private static JsonNode ok(Function<ApiRequest, ApiResponse> endpoint, ApiRequest request)
      throws Exception {
    ApiResponse response = endpoint.apply(request);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo(ApiResponse.JSON);
    return JSON.readTree(response.body());
  }

  private static String text(ApiResponse response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static long at(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }
}
