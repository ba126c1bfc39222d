package io.adclick.click;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.click.ClickTestServer.RawResponse;
import io.adclick.registry.Ad;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No part of a request can move the redirect: every answer is either a {@code 302} to exactly the
 * registered URL or a {@code 4xx} without a {@code Location}.
 */
class NoOpenRedirectTest {
  private static final String REGISTERED = "https://acme.example/landing?x=1";
  private static final String EVIL = "https://evil.example/phish";
  private static final String EVIL_ENCODED = URLEncoder.encode(EVIL, StandardCharsets.UTF_8);

  @TempDir Path dir;
  private ClickTestServer server;
  private Ad ad;

  @BeforeEach
  void start() throws Exception {
    server = ClickTestServer.start(dir);
    ad = server.createAd(REGISTERED);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void queryStringsCannotChangeTheTarget() throws Exception {
    for (String query :
        List.of(
            "?url=" + EVIL_ENCODED,
            "?redirect=" + EVIL_ENCODED,
            "?next=" + EVIL_ENCODED + "&to=" + EVIL_ENCODED,
            "?Location=" + EVIL_ENCODED,
            "?x=2",
            "?" + EVIL_ENCODED,
            "?@evil.example")) {
      assertOnlyRegistered(
          server.raw("GET", "/c/" + token() + query, "Host: t\r\n"), "query " + query);
    }
  }

  @Test
  void extraPathSegmentsAndEncodedUrlsAreRefused() throws Exception {
    String token = token();
    List<String> targets =
        List.of(
            "/c/" + token + "/" + EVIL,
            "/c/" + token + "/",
            "/c/" + token + "/..",
            "/c/" + token + "%2F..%2F" + EVIL_ENCODED,
            "/c/" + EVIL_ENCODED,
            "/c/" + EVIL,
            "/c//evil.example",
            "/c/%2F%2Fevil.example",
            "//evil.example/c/" + token + "/x",
            "/c/" + token + "%00" + EVIL_ENCODED,
            "/c/" + token + "%0d%0aLocation:%20" + EVIL_ENCODED,
            "/c/" + token + "#" + EVIL,
            "/c/" + token + ";url=" + EVIL_ENCODED);
    for (String target : targets) {
      RawResponse response = server.raw("GET", target, "Host: t\r\n");

      assertThat(response.status()).as(target).isBetween(400, 499);
      assertThat(response.header("Location")).as(target).isNull();
      assertThat(response.body()).as(target).doesNotContain("evil.example/phish\r\n");
    }
  }

  @Test
  void headersCannotChangeTheTarget() throws Exception {
    List<String> headers =
        List.of(
            "Host: evil.example\r\n",
            "Host: t\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: http\r\n",
            "Host: t\r\nX-Forwarded-Prefix: //evil.example\r\nX-Forwarded-Port: 666\r\n",
            "Host: t\r\nForwarded: host=evil.example;proto=http\r\n",
            "Host: t\r\nReferer: " + EVIL + "\r\nOrigin: https://evil.example\r\n",
            "Host: t\r\nX-Original-URL: " + EVIL + "\r\nX-Rewrite-URL: " + EVIL + "\r\n",
            "Host: t\r\nLocation: " + EVIL + "\r\n");
    for (String header : headers) {
      assertOnlyRegistered(server.raw("GET", "/c/" + token(), header), header);
    }
  }

  @Test
  void anAbsoluteRequestTargetCannotChangeTheTarget() throws Exception {
    RawResponse response =
        server.raw("GET", "https://evil.example/c/" + token(), "Host: evil.example\r\n");

    assertOnlyRegistered(response, "absolute-form request target");
  }

  @Test
  void everyMethodAndKindOfClickRedirectsOnlyToTheRegisteredUrl() throws Exception {
    List<RawResponse> responses = new ArrayList<>();
    responses.add(server.raw("HEAD", "/c/" + token(), "Host: t\r\n"));
    responses.add(server.raw("GET", "/c/" + token(), "Host: t\r\nSec-Purpose: prefetch\r\n"));
    responses.add(server.raw("GET", "/c/" + token(), "Host: t\r\nUser-Agent: Twitterbot/1.0\r\n"));
    String expired =
        ClickTestServer.sign(
            ClickTestServer.token(
                ad.id(), ClickTestServer.NOW.minus(ClickTestServer.LIFETIME).toEpochMilli() - 1));
    responses.add(server.raw("GET", "/c/" + expired, "Host: t\r\n"));

    for (RawResponse response : responses) {
      assertOnlyRegistered(response, response.toString());
    }
  }

  private String token() {
    return ClickTestServer.freshToken(ad.id());
  }

  private static void assertOnlyRegistered(RawResponse response, String what) {
    if (response.status() == 302) {
      assertThat(response.header("Location")).as(what).isEqualTo(REGISTERED);
    } else {
      assertThat(response.status()).as(what).isBetween(400, 499);
      assertThat(response.header("Location")).as(what).isNull();
    }
  }
}
