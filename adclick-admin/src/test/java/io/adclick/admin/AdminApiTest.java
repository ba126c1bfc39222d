package io.adclick.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adclick.http.ApiException;
import io.adclick.http.ApiRequest;
import io.adclick.http.ApiResponse;
import io.adclick.registry.AdDirectory;
import io.adclick.registry.AdStatus;
import io.adclick.registry.ApiKeys;
import io.adclick.registry.rocksdb.RocksDbAdRegistry;
import io.adclick.token.TokenCheck;
import io.adclick.token.TokenKeyRing;
import io.adclick.token.TokenSigner;
import io.adclick.token.TokenVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminApiTest {
  private static final String ADMIN = "admin-token-for-tests";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
  private static final TokenKeyRing KEYS = TokenKeyRing.single(1, new byte[32]);

  @TempDir Path dir;
  private RocksDbAdRegistry registry;
  private AdDirectory directory;
  private AdminApi api;

  @BeforeEach
  void open() {
    registry = RocksDbAdRegistry.open(dir, CLOCK);
    directory = new AdDirectory(registry);
    SecureRandom random = new SecureRandom();
    ImpressionMinter minter =
        new ImpressionMinter(new TokenSigner(KEYS), CLOCK, random, "https://clk.example/");
    api = new AdminApi(ADMIN, registry, directory, minter, random);
  }

  @AfterEach
  void close() {
    registry.close();
  }

  @Test
  void createsAnAdvertiserWhoseKeyIsStoredOnlyAsAHash() throws Exception {
    JsonNode body = call(api::createAdvertiser, ADMIN, "{\"name\":\"  Acme  \"}", 201);

    String key = body.get("apiKey").asText();
    assertThat(body.get("name").asText()).isEqualTo("Acme");
    assertThat(registry.advertiser(body.get("id").asLong()).orElseThrow().apiKeyHash())
        .isEqualTo(ApiKeys.hash(key))
        .isNotEqualTo(key);
    assertThat(directory.advertiserByApiKeyHash(ApiKeys.hash(key))).isPresent();
  }

  @Test
  void mintsVerifiableLinksUnderThePublicUrl() throws Exception {
    long advertiser =
        call(api::createAdvertiser, ADMIN, "{\"name\":\"A\"}", 201).get("id").asLong();
    long ad = createAd(advertiser);

    JsonNode minted =
        call(
            api::mintImpressions,
            ADMIN,
            "{\"adId\":" + ad + ",\"count\":3,\"userKey\":\"u1\"}",
            201);

    TokenVerifier verifier = new TokenVerifier(KEYS, Duration.ofHours(1), Duration.ZERO);
    assertThat(minted.get("impressions")).hasSize(3);
    for (JsonNode impression : minted.get("impressions")) {
      String url = impression.get("clickUrl").asText();
      assertThat(url).startsWith("https://clk.example/c/");
      TokenCheck check =
          verifier.verify(url.substring("https://clk.example/c/".length()), CLOCK.millis());
      assertThat(check).isInstanceOf(TokenCheck.Valid.class);
      TokenCheck.Valid valid = (TokenCheck.Valid) check;
      assertThat(valid.token().adId()).isEqualTo(ad);
      assertThat(valid.token().userKey()).isEqualTo("u1");
      assertThat(valid.token().impressionId().toString())
          .isEqualTo(impression.get("impressionId").asText());
    }
  }

  @Test
  void refusesCallsWithoutTheAdminToken() {
    assertStatus(() -> api.createAdvertiser(request(null, "{\"name\":\"A\"}")), 401);
    assertStatus(
        () -> api.createAdvertiser(request("admin-token-for-test", "{\"name\":\"A\"}")), 401);
  }

  @Test
  void anAdvertisersApiKeyIsNoAdminToken() throws Exception {
    JsonNode acme = call(api::createAdvertiser, ADMIN, "{\"name\":\"Acme\"}", 201);
    long advertiser = acme.get("id").asLong();
    String key = acme.get("apiKey").asText();
    long ad = createAd(advertiser);
    // Bodies the admin token would get 201 for: only the credential is wrong.
    Map<Endpoint, String> valid =
        Map.of(
            api::createAdvertiser,
            "{\"name\":\"Mallory\"}",
            api::createAd,
            "{\"advertiserId\":"
                + advertiser
                + ",\"name\":\"y\",\"targetUrl\":\"https://evil.example/\"}",
            api::mintImpressions,
            "{\"adId\":" + ad + ",\"count\":5}");

    for (String credential : List.of(key, ApiKeys.hash(key), ADMIN + " " + key)) {
      valid.forEach(
          (endpoint, body) ->
              assertThatThrownBy(() -> endpoint.handle(request(credential, body)))
                  .as(body)
                  .isInstanceOf(ApiException.class)
                  .extracting(e -> ((ApiException) e).status(), e -> ((ApiException) e).error())
                  .containsExactly(401, "unauthorized"));
    }
    // Nothing was written on the advertiser's behalf.
    assertThat(registry.advertiser(advertiser + 1)).isEmpty();
    assertThat(registry.adsOf(advertiser)).extracting(a -> a.id()).containsExactly(ad);
  }

  @Test
  void refusesTargetsThatAreNotAbsoluteHttpUrls() throws Exception {
    long advertiser =
        call(api::createAdvertiser, ADMIN, "{\"name\":\"A\"}", 201).get("id").asLong();
    for (String url :
        List.of(
            "javascript:alert(1)", "/relative", "ftp://a.example/", "https://", "http//x", "")) {
      String body =
          "{\"advertiserId\":" + advertiser + ",\"name\":\"x\",\"targetUrl\":\"" + url + "\"}";
      assertThatThrownBy(() -> api.createAd(request(ADMIN, body)))
          .as(url)
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("'targetUrl'");
    }
  }

  @Test
  void namesBadFields() {
    assertBadField(api::createAdvertiser, "{}", "name");
    assertBadField(api::createAdvertiser, "{\"name\":7}", "name");
    assertBadField(api::createAd, "{\"advertiserId\":\"one\",\"name\":\"x\"}", "advertiserId");
    assertBadField(api::mintImpressions, "{\"adId\":1,\"count\":0}", "count");
    assertBadField(api::mintImpressions, "{\"adId\":1,\"count\":1.5}", "count");
    assertBadField(
        api::mintImpressions, "{\"adId\":1,\"userKey\":\"" + "u".repeat(65) + "\"}", "userKey");
    assertStatus(() -> api.createAdvertiser(request(ADMIN, "[1,2]")), 400);
    assertStatus(() -> api.createAdvertiser(request(ADMIN, "")), 400);
  }

  @Test
  void unknownParentsAreNotFound() {
    assertStatus(
        () ->
            api.createAd(
                request(
                    ADMIN,
                    "{\"advertiserId\":77,\"name\":\"x\",\"targetUrl\":\"https://a.example\"}")),
        404);
    assertStatus(() -> api.mintImpressions(request(ADMIN, "{\"adId\":77}")), 404);
  }

  @Test
  void anUpdatePausesAnAdOrMovesItsTargetAndThisNodeSeesItAtOnce() throws Exception {
    long advertiser =
        call(api::createAdvertiser, ADMIN, "{\"name\":\"Acme\"}", 201).get("id").asLong();
    long ad = createAd(advertiser);
    directory.ad(ad); // cached before the change

    JsonNode paused = call(update(ad), ADMIN, "{\"status\":\"paused\"}", 200);
    JsonNode moved = call(update(ad), ADMIN, "{\"targetUrl\":\"https://b.example/\"}", 200);

    assertThat(paused.get("status").asText()).isEqualTo("paused");
    assertThat(moved.get("status").asText()).as("kept").isEqualTo("paused");
    assertThat(moved.get("targetUrl").asText()).isEqualTo("https://b.example/");
    assertThat(directory.ad(ad).orElseThrow().status()).isEqualTo(AdStatus.PAUSED);
    assertThat(directory.ad(ad).orElseThrow().targetUrl()).isEqualTo("https://b.example/");
    assertThat(registry.ad(ad).orElseThrow().status()).isEqualTo(AdStatus.PAUSED);
  }

  @Test
  void anUpdateNamesWhatIsWrongAndNeedsTheAdminToken() throws Exception {
    long advertiser =
        call(api::createAdvertiser, ADMIN, "{\"name\":\"Acme\"}", 201).get("id").asLong();
    long ad = createAd(advertiser);

    assertStatus(() -> update(ad).handle(request(ADMIN, "{}")), 400);
    assertBadField(update(ad), "{\"status\":\"stopped\"}", "status");
    assertBadField(update(ad), "{\"targetUrl\":\"javascript:alert(1)\"}", "targetUrl");
    assertStatus(() -> update(ad + 1000).handle(request(ADMIN, "{\"status\":\"paused\"}")), 404);
    assertStatus(() -> update(ad).handle(request("wrong", "{\"status\":\"paused\"}")), 401);
    assertThat(registry.ad(ad).orElseThrow().status()).isEqualTo(AdStatus.ACTIVE);
  }

  /** PATCH /api/v1/ads/{adId} for this ad. */
  private Endpoint update(long ad) {
    return r ->
        api.updateAd(
            new ApiRequest(
                "PATCH", "/", Map.of("adId", String.valueOf(ad)), Map.of(), r.headers(), r.body()));
  }

  /** An ad of the advertiser, created with the admin token. */
  private long createAd(long advertiser) throws Exception {
    String body =
        "{\"advertiserId\":" + advertiser + ",\"name\":\"x\",\"targetUrl\":\"https://a.example/\"}";
    return call(api::createAd, ADMIN, body, 201).get("id").asLong();
  }

  private interface Endpoint {
    ApiResponse handle(ApiRequest request);
  }

  private static JsonNode call(Endpoint endpoint, String bearer, String body, int status)
      throws Exception {
    ApiResponse response = endpoint.handle(request(bearer, body));
    assertThat(response.status()).isEqualTo(status);
    return JSON.readTree(response.body());
  }

  private static ApiRequest request(String bearer, String body) {
    Map<String, String> headers =
        bearer == null ? Map.of() : Map.of("authorization", "Bearer " + bearer);
    return new ApiRequest(
        "POST", "/", Map.of(), Map.of(), headers, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertBadField(Endpoint endpoint, String body, String field) {
    assertThatThrownBy(() -> endpoint.handle(request(ADMIN, body)))
        .as(body)
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("'" + field + "'");
  }

  private static void assertStatus(Runnable call, int status) {
    assertThatThrownBy(call::run)
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(status);
  }
}
