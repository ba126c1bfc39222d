package io.adclick.click;

import io.adclick.http.HttpLimits;
import io.adclick.http.HttpRouter;
import io.adclick.registry.Ad;
import io.adclick.registry.AdDirectory;
import io.adclick.registry.AdRegistry;
import io.adclick.registry.rocksdb.RocksDbAdRegistry;
import io.adclick.token.ImpressionId;
import io.adclick.token.ImpressionToken;
import io.adclick.token.TokenKeyRing;
import io.adclick.token.TokenSigner;
import io.adclick.token.TokenVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The click handler behind a real Vert.x server and registry, routed as the all-in-one server
 * routes it; only the log is a {@link RecordingClickLog}, so a test sees exactly what would have
 * been appended. The clock is fixed.
 */
final class ClickTestServer implements AutoCloseable {
  static final Instant NOW = Instant.parse("2026-11-24T10:15:30Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final Duration LIFETIME = Duration.ofHours(24);
  static final Duration SKEW = Duration.ofMinutes(5);
  static final TokenKeyRing KEYS = TokenKeyRing.single(1, new byte[32]);

  private static final SecureRandom RANDOM = new SecureRandom();

  final RecordingClickLog log = new RecordingClickLog();
  private final AdRegistry registry;
  private final long advertiserId;
  private final Vertx vertx;
  private final int port;

  private ClickTestServer(
      Path dir, LinkPreviewAgents previewAgents, TokenKeyRing keys, MeterRegistry meters)
      throws Exception {
    this(dir, previewAgents, keys, meters, registry -> registry);
  }

  private ClickTestServer(
      Path dir,
      LinkPreviewAgents previewAgents,
      TokenKeyRing keys,
      MeterRegistry meters,
      UnaryOperator<AdRegistry> wrap)
      throws Exception {
    registry = wrap.apply(RocksDbAdRegistry.open(dir, CLOCK));
    // A fresh key hash per start: a restarted test server reopens the same registry.
    advertiserId = registry.createAdvertiser("A", "hash-" + System.nanoTime()).id();
    ClickHandler handler =
        new ClickHandler(
            new TokenVerifier(keys, LIFETIME, SKEW),
            new AdDirectory(registry),
            log,
            CLOCK,
            previewAgents,
            new HotAds(HotAds.Settings.defaults(), CLOCK::millis),
            meters);
    vertx = Vertx.vertx();
    HttpRouter router =
        new HttpRouter(vertx)
            .raw("GET", "/c/{token}", handler::handle)
            .raw("HEAD", "/c/{token}", handler::handle);
    HttpServer server =
        vertx
            .createHttpServer(HttpLimits.defaults().toServerOptions())
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
    port = server.actualPort();
  }

  static ClickTestServer start(Path dir) throws Exception {
    return start(dir, LinkPreviewAgents.defaults());
  }

  static ClickTestServer start(Path dir, LinkPreviewAgents previewAgents) throws Exception {
    return new ClickTestServer(dir, previewAgents, KEYS, new SimpleMeterRegistry());
  }

  /** A server recording its click meters in {@code meters}. */
  static ClickTestServer start(Path dir, MeterRegistry meters) throws Exception {
    return new ClickTestServer(dir, LinkPreviewAgents.defaults(), KEYS, meters);
  }

  /** A server reading its ads through {@code wrap}'s registry. */
  static ClickTestServer start(Path dir, UnaryOperator<AdRegistry> wrap) throws Exception {
    return new ClickTestServer(
        dir, LinkPreviewAgents.defaults(), KEYS, new SimpleMeterRegistry(), wrap);
  }

  /** A server accepting these keys, on the registry in {@code dir} (kept across restarts). */
  static ClickTestServer start(Path dir, TokenKeyRing keys) throws Exception {
    return new ClickTestServer(dir, LinkPreviewAgents.defaults(), keys, new SimpleMeterRegistry());
  }

  /** An HTTP/1.1 client that shows redirects instead of following them. */
  static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  Ad createAd(String targetUrl) {
    return registry.createAd(advertiserId, "ad", targetUrl);
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  static ImpressionToken token(long adId, long issuedAt) {
    return new ImpressionToken(1, adId, ImpressionId.random(RANDOM), issuedAt, "user-1");
  }

  static String sign(ImpressionToken token) {
    return sign(token, KEYS);
  }

  static String sign(ImpressionToken token, TokenKeyRing keys) {
    return new TokenSigner(keys).sign(token);
  }

  /** A fresh, valid click token for this ad. */
  static String freshToken(long adId) {
    return sign(token(adId, NOW.toEpochMilli()));
  }

  /**
   * Sends a request exactly as written (request target and headers are not checked or normalised),
   * with {@code Connection: close}, and returns the whole answer.
   */
  RawResponse raw(String method, String target, String headers) throws IOException {
    String request =
        method + " " + target + " HTTP/1.1\r\n" + headers + "Connection: close\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return RawResponse.parse(readUntilClosed(socket.getInputStream()));
    }
  }

  private static String readUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
      }
    } catch (SocketException e) {
      // a reset after the answer still ends it
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    registry.close();
  }

  /** Status, headers (names lower-cased, first value) and body of a raw answer. */
  record RawResponse(int status, Map<String, String> headers, String body) {
    static RawResponse parse(String text) {
      int headEnd = text.indexOf("\r\n\r\n");
      if (!text.startsWith("HTTP/1.") || headEnd < 0) {
        throw new AssertionError("not an HTTP response: " + text);
      }
      String[] lines = text.substring(0, headEnd).split("\r\n");
      Map<String, String> headers = new HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.putIfAbsent(
            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip());
      }
      return new RawResponse(
          Integer.parseInt(lines[0].substring(9, 12)), headers, text.substring(headEnd + 4));
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }
}
