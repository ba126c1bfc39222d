package io.adclick.click;

import static io.adclick.click.ClickTestServer.LIFETIME;
import static io.adclick.click.ClickTestServer.NOW;
import static io.adclick.click.ClickTestServer.SKEW;
import static io.adclick.click.ClickTestServer.sign;
import static io.adclick.click.ClickTestServer.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.event.ClickEvent;
import io.adclick.event.ClickKind;
import io.adclick.registry.Ad;
import io.adclick.token.ImpressionToken;
import io.adclick.token.TokenCheck.Reason;
import io.adclick.token.TokenKeyRing;
import io.adclick.token.TokenVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The click handler behind a real HTTP server and registry; only the log is a recording stand-in so
 * each test can see exactly what would have been appended (and make appends fail).
 */
class ClickHandlerTest {
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
  private static final String CHROME =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari";

  @TempDir Path dir;
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private ClickTestServer server;
  private RecordingClickLog log;
  private Ad ad;

  @BeforeEach
  void start() throws Exception {
    server = ClickTestServer.start(dir);
    log = server.log;
    ad = server.createAd("https://a.example/landing");
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
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
  void everyWayOfAnnouncingAPrefetchIsRedirectedAndNotCounted() throws Exception {
    Map<String, String> announcements =
        Map.of(
            "Sec-Purpose", "prefetch",
            "Purpose", "prefetch",
            "X-Moz", "prefetch");
    for (Map.Entry<String, String> header : announcements.entrySet()) {
      HttpResponse<String> response =
          send(
              request(ClickTestServer.freshToken(ad.id()))
                  .header(header.getKey(), header.getValue()));

      assertThat(response.statusCode()).as(header.getKey()).isEqualTo(302);
      assertThat(response.headers().firstValue("Location")).hasValue("https://a.example/landing");
    }

    assertThat(log.appended).extracting(ClickEvent::kind).containsOnly(ClickKind.PREFETCH);
    assertThat(log.appended).hasSize(announcements.size());
  }

  @Test
  void linkPreviewFetchersAreRedirectedAndRecordedAsPreviews() throws Exception {
    List<String> agents =
        List.of(
            "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
            "Twitterbot/1.0",
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
            "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
            "WhatsApp/2.23.20.0 A",
            "TelegramBot (like TwitterBot)",
            "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");
    for (String agent : agents) {
      HttpResponse<String> response =
          send(request(ClickTestServer.freshToken(ad.id())).header("User-Agent", agent));

      assertThat(response.statusCode()).as(agent).isEqualTo(302);
      assertThat(response.headers().firstValue("Location")).hasValue("https://a.example/landing");
    }
    get(ClickTestServer.freshToken(ad.id()), "User-Agent", CHROME);

    assertThat(log.appended)
        .extracting(ClickEvent::kind)
        .containsExactlyElementsOf(
            concat(nCopies(agents.size(), ClickKind.PREVIEW), ClickKind.CANDIDATE));
  }

  @Test
  void theListOfPreviewFetchersIsConfigurable(@TempDir Path otherDir) throws Exception {
    try (ClickTestServer custom =
        ClickTestServer.start(otherDir, LinkPreviewAgents.parse("AcmePreview"))) {
      Ad other = custom.createAd("https://b.example/");
      String path = "/c/" + ClickTestServer.freshToken(other.id());

      custom.raw("GET", path, "Host: t\r\nUser-Agent: acmepreview/3.1\r\n");
      custom.raw(
          "GET",
          "/c/" + ClickTestServer.freshToken(other.id()),
          "Host: t\r\nUser-Agent: Slackbot 1.0\r\n");

      assertThat(custom.log.appended)
          .extracting(ClickEvent::kind)
          .containsExactly(ClickKind.PREVIEW, ClickKind.CANDIDATE);
    }
  }

  @Test
  void forgedTokensAreRefusedWithoutDetailAndNeverLogged() throws Exception {
    String good = sign(token(ad.id(), NOW.toEpochMilli()));
    byte[] otherSecret = new byte[32];
    Arrays.fill(otherSecret, (byte) 7);
    String forged = sign(token(ad.id(), NOW.toEpochMilli()), TokenKeyRing.single(1, otherSecret));

    for (String bad : List.of(forged, good.substring(0, 40), "%00%01", "x".repeat(300))) {
      HttpResponse<String> response = get(bad);
      assertThat(response.statusCode()).as(bad).isEqualTo(400);
      assertThat(response.body()).startsWith("Invalid click link:").doesNotContain("Exception");
    }
    assertThat(log.appended).isEmpty();
  }

  @Test
  void eachKindOfBadTokenGetsAPreciseAnswerAndIsNeverLogged() throws Exception {
    String good = sign(token(ad.id(), NOW.toEpochMilli()));
    byte[] raw = Base64.getUrlDecoder().decode(good);
    Map<String, Reason> cases = new LinkedHashMap<>();
    cases.put("", Reason.EMPTY);
    cases.put("A".repeat(TokenVerifier.MAX_TOKEN_CHARS + 1), Reason.TOO_LONG);
    cases.put(good.substring(0, 20) + "+" + good.substring(21), Reason.BAD_ENCODING);
    cases.put(good.substring(0, 20) + "%2F" + good.substring(21), Reason.BAD_ENCODING);
    cases.put(good.substring(0, 20) + "!" + good.substring(21), Reason.BAD_ENCODING);
    cases.put(good + "==", Reason.BAD_ENCODING);
    cases.put(withByte(raw, 0, (byte) 2), Reason.UNSUPPORTED_VERSION);
    cases.put(BASE64.encodeToString(Arrays.copyOf(raw, raw.length - 3)), Reason.BAD_LENGTH);
    cases.put(
        withByte(raw, raw.length - 1, (byte) (raw[raw.length - 1] ^ 0x10)), Reason.BAD_SIGNATURE);
    cases.put(withByte(raw, 12, (byte) (raw[12] ^ 0x01)), Reason.BAD_SIGNATURE);
    cases.put(signedWithOtherSecret(), Reason.BAD_SIGNATURE);
    cases.put(signedWithUnknownKey(), Reason.UNKNOWN_KEY);
    cases.put(
        sign(token(ad.id(), NOW.plus(SKEW).plusSeconds(1).toEpochMilli())),
        Reason.ISSUED_IN_FUTURE);

    for (Map.Entry<String, Reason> c : cases.entrySet()) {
      HttpResponse<String> response = get(c.getKey());

      assertThat(response.statusCode()).as(c.getValue().name()).isEqualTo(400);
      assertThat(response.body())
          .as(c.getValue().name())
          .isEqualTo("Invalid click link: " + c.getValue().message() + ".\n");
      assertThat(response.headers().firstValue("Location")).isEmpty();
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("text/plain; charset=utf-8");
    }
    assertThat(log.appended).isEmpty();
  }

  @Test
  void aTokenIssuedWithinTheClockSkewStillCounts() throws Exception {
    HttpResponse<String> response = get(sign(token(ad.id(), NOW.plus(SKEW).toEpochMilli())));

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(log.appended).extracting(ClickEvent::kind).containsExactly(ClickKind.CANDIDATE);
  }

  @Test
  void methodsOtherThanGetAndHeadAreNotAllowedAndNotLogged() throws Exception {
    String path = "/c/" + ClickTestServer.freshToken(ad.id());
    for (String method : List.of("OPTIONS", "POST", "PUT", "DELETE", "PATCH", "TRACE", "PURGE")) {
      ClickTestServer.RawResponse response =
          server.raw(method, path, "Host: t\r\nContent-Length: 0\r\n");

      assertThat(response.status()).as(method).isEqualTo(405);
      assertThat(response.header("Allow")).as(method).isEqualTo("GET, HEAD");
      assertThat(response.header("Location")).as(method).isNull();
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

  @Test
  void anUnexpectedFailureIsAnsweredWithoutDetail() throws Exception {
    log.throwNext = true;

    HttpResponse<String> response = get(sign(token(ad.id(), NOW.toEpochMilli())));

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.headers().firstValue("Location")).isEmpty();
    assertThat(response.body()).doesNotContain("internal detail", "Exception", "at io.");
    assertThat(get(sign(token(ad.id(), NOW.toEpochMilli()))).statusCode()).isEqualTo(302);
  }

  private String signedWithOtherSecret() {
    byte[] otherSecret = new byte[32];
    Arrays.fill(otherSecret, (byte) 9);
    return sign(token(ad.id(), NOW.toEpochMilli()), TokenKeyRing.single(1, otherSecret));
  }

  private String signedWithUnknownKey() {
    ImpressionToken t = token(ad.id(), NOW.toEpochMilli());
    ImpressionToken underKey7 =
        new ImpressionToken(7, t.adId(), t.impressionId(), t.issuedAtMillis(), t.userKey());
    return sign(underKey7, TokenKeyRing.single(7, new byte[32]));
  }

  private static String withByte(byte[] raw, int at, byte value) {
    byte[] changed = raw.clone();
    changed[at] = value;
    return BASE64.encodeToString(changed);
  }

  private static List<ClickKind> nCopies(int n, ClickKind kind) {
    return java.util.Collections.nCopies(n, kind);
  }

  private static List<ClickKind> concat(List<ClickKind> head, ClickKind last) {
    List<ClickKind> all = new java.util.ArrayList<>(head);
    all.add(last);
    return all;
  }

  private HttpRequest.Builder request(String token) {
    return HttpRequest.newBuilder(URI.create(server.base() + "/c/" + token));
  }

  private HttpResponse<String> get(String token, String... headers) throws Exception {
    HttpRequest.Builder request = request(token);
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
