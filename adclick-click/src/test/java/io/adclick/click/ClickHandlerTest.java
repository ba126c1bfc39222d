package io.adclick.click;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.event.ClickEvent;
import io.adclick.event.ClickKind;
import io.adclick.http.HttpRouter;
import io.adclick.registry.Ad;
import io.adclick.registry.AdDirectory;
import io.adclick.registry.rocksdb.RocksDbAdRegistry;
import io.adclick.token.ImpressionId;
import io.adclick.token.ImpressionToken;
import io.adclick.token.TokenKeyRing;
import io.adclick.token.TokenSigner;
import io.adclick.token.TokenVerifier;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The click handler behind a real HTTP server and registry; only the log is a recording stand-in so
 * each test can see exactly what would have been appended (and make appends fail).
 */
class ClickHandlerTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:15:30Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final TokenKeyRing KEYS = TokenKeyRing.single(1, new byte[32]);
  private static final Duration LIFETIME = Duration.ofHours(24);

  @TempDir Path dir;
  private final RecordingLog log = new RecordingLog();
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private RocksDbAdRegistry registry;
  private Vertx vertx;
  private String base;
  private Ad ad;

  @BeforeEach
  void start() throws Exception {
    registry = RocksDbAdRegistry.open(dir, CLOCK);
    long advertiser = registry.createAdvertiser("A", "hash").id();
    ad = registry.createAd(advertiser, "ad", "https://a.example/landing");
    ClickHandler handler =
        new ClickHandler(
            new TokenVerifier(KEYS, LIFETIME, Duration.ofMinutes(5)),
            new AdDirectory(registry),
            log,
            CLOCK);
    vertx = Vertx.vertx();
    HttpRouter router = new HttpRouter(vertx).raw("GET", "/c/{token}", handler::handle);
    router.raw("HEAD", "/c/{token}", handler::handle);
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + server.actualPort();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    registry.close();
  }

  @Test
  void redirectsToTheRegisteredUrlAfterLoggingTheClick() throws Exception {
    ImpressionToken token = token(ad.id(), NOW.toEpochMilli() - 1000);

    HttpResponse<String> response = get(sign(token));

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location")).hasValue("https://a.example/landing");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(log.appended)
        .containsExactly(
            new ClickEvent(
                ad.id(),
                ad.advertiserId(),
                token.impressionId(),
                NOW.toEpochMilli(),
                token.issuedAtMillis(),
                "user-1",
                ClickKind.CANDIDATE));
  }

  @Test
  void headPrefetchAndExpiredClicksAreRedirectedButNotCandidates() throws Exception {
    String fresh = sign(token(ad.id(), NOW.toEpochMilli()));
    String expired = sign(token(ad.id(), NOW.toEpochMilli() - LIFETIME.toMillis()));

    assertThat(
            send(request(fresh).method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode())
        .isEqualTo(302);
    assertThat(send(request(fresh).header("Sec-Purpose", "prefetch;prerender")).statusCode())
        .isEqualTo(302);
    assertThat(get(expired).statusCode()).isEqualTo(302);

    assertThat(log.appended)
        .extracting(ClickEvent::kind)
        .containsExactly(ClickKind.HEAD, ClickKind.PREFETCH, ClickKind.EXPIRED);
  }

  @Test
  void forgedTokensAreRefusedWithoutDetailAndNeverLogged() throws Exception {
    String good = sign(token(ad.id(), NOW.toEpochMilli()));
    byte[] otherSecret = new byte[32];
    java.util.Arrays.fill(otherSecret, (byte) 7);
    String forged = sign(token(ad.id(), NOW.toEpochMilli()), TokenKeyRing.single(1, otherSecret));

    for (String bad : List.of(forged, good.substring(0, 40), "%00%01", "x".repeat(300))) {
      HttpResponse<String> response = get(bad);
      assertThat(response.statusCode()).as(bad).isEqualTo(400);
      assertThat(response.body()).startsWith("Invalid click link:").doesNotContain("Exception");
    }
    assertThat(log.appended).isEmpty();
  }

  @Test
  void aGenuineTokenForAnUnknownAdIsNotFound() throws Exception {
    HttpResponse<String> response = get(sign(token(ad.id() + 100, NOW.toEpochMilli())));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(log.appended).isEmpty();
  }

  @Test
  void answersUnavailableWhenTheLogDoesNotAcknowledge() throws Exception {
    log.failNext = true;

    HttpResponse<String> response = get(sign(token(ad.id(), NOW.toEpochMilli())));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Location")).isEmpty();
  }

  private static ImpressionToken token(long adId, long issuedAt) {
    return new ImpressionToken(
        1, adId, ImpressionId.random(new java.security.SecureRandom()), issuedAt, "user-1");
  }

  private static String sign(ImpressionToken token) {
    return sign(token, KEYS);
  }

  private static String sign(ImpressionToken token, TokenKeyRing keys) {
    return new TokenSigner(keys).sign(token);
  }

  private HttpRequest.Builder request(String token) {
    return HttpRequest.newBuilder(URI.create(base + "/c/" + token));
  }

  private HttpResponse<String> get(String token) throws Exception {
    return send(request(token));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static final class RecordingLog implements ClickLog {
    final List<ClickEvent> appended = new CopyOnWriteArrayList<>();
    volatile boolean failNext;

    @Override
    public CompletionStage<Void> append(ClickEvent click) {
      if (failNext) {
        failNext = false;
        return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
      }
      appended.add(click);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {}
  }
}
