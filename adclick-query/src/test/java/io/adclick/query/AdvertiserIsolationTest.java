package io.adclick.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adclick.http.ApiException;
import io.adclick.http.ApiRequest;
import io.adclick.http.ApiResponse;
import io.adclick.registry.Ad;
import io.adclick.registry.AdChange;
import io.adclick.registry.AdDirectory;
import io.adclick.registry.AdRegistry;
import io.adclick.registry.Advertiser;
import io.adclick.registry.ApiKeys;
import io.adclick.registry.rocksdb.RocksDbAdRegistry;
import io.adclick.store.rocksdb.RocksDbMetricsStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An advertiser's key reads its own data and nothing else, on every query endpoint.
 *
 * <p>Two advertisers share one real store and registry: Acme (ads "sale" and "brand") and Globex,
 * whose ad "rival" has far more clicks in the same minutes. Each endpoint is one row of {@link
 * #ENDPOINTS}; a new endpoint is a new row, and {@link #everyQueryHandlerIsInTheTable} fails until
 * it has one.
 *
 * <p>"Answers like an unknown id" is checked literally: the same request is answered again by a
 * {@link QueryApi} over a registry in which the owner of the id never existed (same store, same
 * data), and both answers must agree byte for byte (status, content type, headers, body).
 */
class AdvertiserIsolationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FROM = "2026-03-01T10:00:00Z";
  private static final String TO = "2026-03-01T12:00:00Z";
  private static final String COMPLETE_THROUGH = "2026-03-01T11:00:00Z";

  /** Which id an endpoint's path carries. */
  enum PathId {
    NONE(null),
    AD("adId"),
    ADVERTISER("advertiserId");

    final String name;

    PathId(String name) {
      this.name = name;
    }

    /** The ids of this kind that belong to the party. */
    List<Long> of(Party party) {
      return switch (this) {
        case NONE -> List.of();
        case AD -> List.copyOf(party.clicksByAd().keySet());
        case ADVERTISER -> List.of(party.id());
      };
    }
  }

  /** The ad ids and the clicks an answer shows. */
  record Seen(Set<Long> adIds, long clicks) {}

  /**
   * One query endpoint.
   *
   * @param handler the name of the {@link QueryApi} method answering it
   * @param query what a valid call sends besides the path id
   * @param seen the ad ids and clicks the caller is shown
   * @param expected what the party must be shown, given the path id (null for none)
   */
  record Endpoint(
      String route,
      String handler,
      PathId pathId,
      Map<String, String> query,
      Function<JsonNode, Seen> seen,
      ExpectedView expected) {

    ApiResponse call(QueryApi api, ApiRequest request) {
      try {
        Method method = QueryApi.class.getMethod(handler, ApiRequest.class);
        return (ApiResponse) method.invoke(api, request);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new AssertionError(e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }

    /** The answer as the HTTP layer would send it, errors rendered as it renders them. */
    Answer answer(QueryApi api, ApiRequest request) {
      try {
        return Answer.of(call(api, request));
      } catch (ApiException e) {
        return Answer.of(ApiResponse.error(e));
      }
    }

    /** A call with this endpoint's valid parameters plus {@code extra}. */
    ApiRequest request(Requests base, Long id, Map<String, String> extra) {
      if (pathId != PathId.NONE) {
        base.path(pathId.name, id);
      }
      Map<String, String> params = new LinkedHashMap<>(query);
      params.putAll(extra);
      params.forEach(base::q);
      return base.build();
    }

    @Override
    public String toString() {
      return route;
    }
  }

  @FunctionalInterface
  interface ExpectedView {
    Seen of(Party party, Long pathId);
  }

  private static final Map<String, String> SERIES =
      Map.of("from", FROM, "to", TO, "granularity", "minute");

  static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint(
              "GET /api/v1/ads",
              "ads",
              PathId.NONE,
              Map.of(),
              body -> new Seen(longs(body.get("ads"), "id"), 0),
              (party, id) -> new Seen(party.clicksByAd().keySet(), 0)),
          new Endpoint(
              "GET /api/v1/ads/{adId}/metrics",
              "adMetrics",
              PathId.AD,
              SERIES,
              body -> new Seen(Set.of(body.get("adId").asLong()), body.get("total").asLong()),
              (party, id) -> new Seen(Set.of(id), party.clicksByAd().get(id))),
          new Endpoint(
              "GET /api/v1/advertisers/{advertiserId}/metrics",
              "advertiserMetrics",
              PathId.ADVERTISER,
              SERIES,
              body -> new Seen(Set.of(), body.get("total").asLong()),
              (party, id) -> new Seen(Set.of(), party.total())),
          new Endpoint(
              "GET /api/v1/advertisers/{advertiserId}/ads",
              "adTotals",
              PathId.ADVERTISER,
              Map.of("from", FROM, "to", TO, "limit", "1000"),
              body ->
                  new Seen(
                      longs(body.get("ads"), "adId"),
                      body.get("ads").findValues("clicks").stream()
                          .mapToLong(JsonNode::asLong)
                          .sum()),
              (party, id) -> new Seen(party.clickedAds(), party.total())));

  /** Ways to ask: the documented call, CSV, JSON asked for, and every parameter empty (bad). */
  private static final List<Map<String, String>> VARIANTS =
      List.of(
          Map.of(),
          Map.of("format", "csv"),
          Map.of("format", "json"),
          Map.of("from", "", "to", "", "granularity", "", "limit", "", "format", ""));

  /**
   * A caller that must get 401 whatever id it names. The key's hash is what the registry stores,
   * never a key.
   */
  private static final List<String> NOT_A_VALID_KEY =
      List.of(
          "",
          "Bearer",
          "Bearer ",
          "Bearer    ",
          "ak_acme",
          "Bearerak_acme",
          "Basic "
              + Base64.getEncoder().encodeToString("ak_acme:".getBytes(StandardCharsets.UTF_8)),
          "Token ak_acme",
          "Bearer ak_nobody",
          "Bearer ak_acm",
          "Bearer ak_acmee",
          "Bearer AK_ACME",
          "Bearer " + ApiKeys.hash("ak_acme"));

  /** An advertiser of the fixture and its ads' clicks in {@code [FROM, TO)}. */
  record Party(long id, String key, Map<Long, Long> clicksByAd) {
    long total() {
      return clicksByAd.values().stream().mapToLong(Long::longValue).sum();
    }

    Set<Long> clickedAds() {
      return clicksByAd.entrySet().stream()
          .filter(e -> e.getValue() > 0)
          .map(Map.Entry::getKey)
          .collect(Collectors.toSet());
    }
  }

  /** A store and registry, with Globex or without it (then Acme's ids are the same). */
  private static final class World implements AutoCloseable {
    final RocksDbMetricsStore store;
    final RocksDbAdRegistry registry;
    final QueryApi api;
    final Party acme;
    final Party globex;

    World(Path dir, boolean withGlobex) {
      store = RocksDbMetricsStore.open(dir.resolve("metrics"));
      registry = RocksDbAdRegistry.open(dir.resolve("registry"));
      api = new QueryApi(new AdDirectory(registry), registry, store, ReconciledThrough.NEVER);
      StoredClicks clicks = new StoredClicks(store);
      // Acme first, so its ids are the same in both worlds.
      long acmeId = registry.createAdvertiser("Acme", ApiKeys.hash("ak_acme")).id();
      long sale = registry.createAd(acmeId, "Winter sale", "https://acme.example/sale").id();
      long brand = registry.createAd(acmeId, "Brand", "https://acme.example/").id();
      long idle = registry.createAd(acmeId, "Idle", "https://acme.example/idle").id();
      clicks
          .click(acmeId, sale, "2026-03-01T10:15:00Z", 2)
          .click(acmeId, sale, "2026-03-01T11:05:00Z", 3)
          .click(acmeId, brand, "2026-03-01T10:40:00Z", 1)
          .click(acmeId, brand, "2026-03-01T12:00:00Z", 500); // after the range
      acme = new Party(acmeId, "ak_acme", ordered(sale, 5L, brand, 1L, idle, 0L));
      if (withGlobex) {
        long globexId = registry.createAdvertiser("Globex", ApiKeys.hash("ak_globex")).id();
        long rival = registry.createAd(globexId, "Rival", "https://globex.example/").id();
        // The same minutes as Acme's clicks, and many more of them.
        clicks
            .click(globexId, rival, "2026-03-01T10:15:00Z", 50)
            .click(globexId, rival, "2026-03-01T10:40:00Z", 30)
            .click(globexId, rival, "2026-03-01T11:05:00Z", 20);
        globex = new Party(globexId, "ak_globex", ordered(rival, 100L));
      } else {
        globex = null;
      }
      store.advanceCompleteThrough(Instant.parse(COMPLETE_THROUGH).toEpochMilli());
    }

    /** A query API over the same data, in whose registry {@code owner} never existed. */
    QueryApi without(Party owner) {
      AdRegistry hidden = new WithoutAdvertiser(registry, owner.id());
      return new QueryApi(new AdDirectory(hidden), hidden, store, ReconciledThrough.NEVER);
    }

    @Override
    public void close() {
      store.close();
      registry.close();
    }
  }

  @TempDir Path dir;
  private World world;
  private World acmeAlone;

  @BeforeEach
  void open() {
    world = new World(dir.resolve("shared"), true);
    acmeAlone = new World(dir.resolve("acme-alone"), false);
  }

  @AfterEach
  void close() {
    world.close();
    acmeAlone.close();
  }

  static Stream<Endpoint> endpoints() {
    return ENDPOINTS.stream();
  }

  static Stream<Endpoint> endpointsWithPathIds() {
    return ENDPOINTS.stream().filter(e -> e.pathId() != PathId.NONE);
  }

  @Test
  void everyQueryHandlerIsInTheTable() {
    Set<String> handlers = new TreeSet<>();
    for (Method m : QueryApi.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers())
          && m.getReturnType() == ApiResponse.class
          && Arrays.equals(m.getParameterTypes(), new Class<?>[] {ApiRequest.class})) {
        handlers.add(m.getName());
      }
    }
    assertThat(ENDPOINTS.stream().map(Endpoint::handler).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(handlers);
  }

  @ParameterizedTest
  @MethodSource("endpointsWithPathIds")
  void anotherAdvertisersIdsAnswerExactlyLikeUnknownIds(Endpoint endpoint) {
    for (Party[] pair :
        List.of(new Party[] {world.acme, world.globex}, new Party[] {world.globex, world.acme})) {
      Party caller = pair[0];
      Party owner = pair[1];
      QueryApi ownerNeverExisted = world.without(owner);
      for (long foreignId : endpoint.pathId().of(owner)) {
        for (Map<String, String> variant : VARIANTS) {
          ApiRequest request = endpoint.request(Requests.get(caller.key()), foreignId, variant);
          Answer foreign = endpoint.answer(world.api, request);
          Answer unknown = endpoint.answer(ownerNeverExisted, request);

          String what = caller.key() + " asks for " + endpoint.pathId().name + " " + foreignId;
          assertThat(foreign.status()).as(what).isEqualTo(404);
          assertThat(foreign.text()).as(what).contains("\"error\":\"not_found\"");
          assertThat(foreign.text()).as(what).isEqualTo(unknown.text());
          assertThat(foreign).as(what).isEqualTo(unknown);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("endpointsWithPathIds")
  void theOwnerStillReadsTheIdsOthersCannot(Endpoint endpoint) {
    // The other half of the check above: the same ids do exist, and answer their owner.
    for (Party owner : List.of(world.acme, world.globex)) {
      for (long id : endpoint.pathId().of(owner)) {
        ApiRequest request = endpoint.request(Requests.get(owner.key()), id, Map.of());
        assertThat(endpoint.answer(world.api, request).status()).isEqualTo(200);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void withoutAValidKeyEveryCallIs401WhateverItAsksFor(Endpoint endpoint) {
    List<Long> ids = new ArrayList<>();
    ids.addAll(endpoint.pathId().of(world.acme));
    ids.addAll(endpoint.pathId().of(world.globex));
    ids.add(987_654L);
    if (endpoint.pathId() == PathId.NONE) {
      ids = Collections.singletonList(null);
    }
    for (String authorization : NOT_A_VALID_KEY) {
      Answer first = null;
      for (Long id : ids) {
        Requests base = Requests.get(null);
        if (!authorization.isEmpty()) {
          base.header("Authorization", authorization);
        }
        Answer answer = endpoint.answer(world.api, endpoint.request(base, id, Map.of()));

        String what = "Authorization '" + authorization + "', id " + id;
        assertThat(answer.status()).as(what).isEqualTo(401);
        assertThat(answer.text()).as(what).contains("\"error\":\"unauthorized\"");
        // Own, foreign or unknown: no difference before the key is known, so no id probing.
        if (first == null) {
          first = answer;
        } else {
          assertThat(answer).as(what).isEqualTo(first);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void aCallerSeesExactlyItsOwnAdsAndClicks(Endpoint endpoint) throws Exception {
    for (Party caller : List.of(world.acme, world.globex)) {
      for (Long id : idsOrNone(endpoint, caller)) {
        Answer answer =
            endpoint.answer(world.api, endpoint.request(Requests.get(caller.key()), id, Map.of()));

        assertThat(answer.status()).isEqualTo(200);
        Seen seen = endpoint.seen().apply(JSON.readTree(answer.body()));
        assertThat(seen)
            .as(caller.key() + ", id " + id)
            .isEqualTo(endpoint.expected().of(caller, id));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void aCallersAnswerIsTheSameAsIfNoOtherAdvertiserExisted(Endpoint endpoint) {
    // Acme's ids are the same in both worlds; only Globex and its clicks are missing in one.
    for (Long id : idsOrNone(endpoint, world.acme)) {
      for (Map<String, String> variant : VARIANTS.subList(0, 3)) {
        ApiRequest request = endpoint.request(Requests.get("ak_acme"), id, variant);
        Answer shared = endpoint.answer(world.api, request);
        Answer alone = endpoint.answer(acmeAlone.api, request);

        assertThat(shared.status()).isEqualTo(200);
        assertThat(shared.text()).as("id " + id + " " + variant).isEqualTo(alone.text());
        assertThat(shared).isEqualTo(alone);
      }
    }
  }

  @Test
  void theTopAdIsTheCallersOwnEvenWhenAForeignAdHasMoreClicks() throws Exception {
    long sale = world.acme.clicksByAd().keySet().iterator().next();
    long rival = world.globex.clicksByAd().keySet().iterator().next();
    Endpoint topAds =
        ENDPOINTS.stream().filter(e -> e.handler().equals("adTotals")).findFirst().orElseThrow();

    JsonNode body =
        JSON.readTree(
            topAds
                .answer(
                    world.api,
                    topAds.request(Requests.get("ak_acme"), world.acme.id(), Map.of("limit", "1")))
                .body());

    assertThat(world.globex.total()).isGreaterThan(world.acme.total());
    assertThat(body.get("ads").toString())
        .isEqualTo("[{\"adId\":" + sale + ",\"name\":\"Winter sale\",\"clicks\":5}]");
    assertThat(body.toString()).doesNotContain("Rival").doesNotContain("\"adId\":" + rival + ",");
  }

  private static List<Long> idsOrNone(Endpoint endpoint, Party party) {
    return endpoint.pathId() == PathId.NONE
        ? Collections.singletonList(null)
        : endpoint.pathId().of(party);
  }

  private static Set<Long> longs(JsonNode array, String field) {
    return array.findValues(field).stream().map(JsonNode::asLong).collect(Collectors.toSet());
  }

  private static Map<Long, Long> ordered(long... adAndClicks) {
    Map<Long, Long> map = new LinkedHashMap<>();
    for (int i = 0; i < adAndClicks.length; i += 2) {
      map.put(adAndClicks[i], adAndClicks[i + 1]);
    }
    return map;
  }

  /** An answer compared whole: status, content type, headers and the body's bytes. */
  record Answer(int status, String contentType, Map<String, String> headers, List<Byte> bytes) {
    static Answer of(ApiResponse response) {
      List<Byte> bytes = new ArrayList<>(response.body().length);
      for (byte b : response.body()) {
        bytes.add(b);
      }
      return new Answer(
          response.status(), response.contentType(), Map.copyOf(response.headers()), bytes);
    }

    byte[] body() {
      byte[] body = new byte[bytes.size()];
      for (int i = 0; i < body.length; i++) {
        body[i] = bytes.get(i);
      }
      return body;
    }

    String text() {
      return new String(body(), StandardCharsets.UTF_8);
    }
  }

  /** A registry in which one advertiser, its key and its ads were never created. */
  private record WithoutAdvertiser(AdRegistry registry, long hidden) implements AdRegistry {
    @Override
    public Advertiser createAdvertiser(String name, String apiKeyHash) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Advertiser> advertiser(long id) {
      return registry.advertiser(id).filter(a -> a.id() != hidden);
    }

    @Override
    public Optional<Advertiser> advertiserByApiKeyHash(String apiKeyHash) {
      return registry.advertiserByApiKeyHash(apiKeyHash).filter(a -> a.id() != hidden);
    }

    @Override
    public Ad createAd(long advertiserId, String name, String targetUrl) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Ad> ad(long id) {
      return registry.ad(id).filter(a -> a.advertiserId() != hidden);
    }

    @Override
    public Optional<Ad> updateAd(long adId, AdChange change) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Ad> adsOf(long advertiserId) {
      return advertiserId == hidden ? List.of() : registry.adsOf(advertiserId);
    }

    @Override
    public void close() {}
  }
}
