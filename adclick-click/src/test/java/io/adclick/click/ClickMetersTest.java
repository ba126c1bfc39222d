package io.adclick.click;

import static io.adclick.click.ClickTestServer.LIFETIME;
import static io.adclick.click.ClickTestServer.NOW;
import static io.adclick.click.ClickTestServer.freshToken;
import static io.adclick.click.ClickTestServer.sign;
import static io.adclick.click.ClickTestServer.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.registry.Ad;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The click meters move with real requests through the handler behind a real HTTP server. */
class ClickMetersTest {
  private static final String CHROME =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari";

  @TempDir Path dir;
  private final PrometheusMeterRegistry meters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpClient http = ClickTestServer.client();
  private ClickTestServer server;
  private Ad ad;

  @BeforeEach
  void start() throws Exception {
    server = ClickTestServer.start(dir, meters);
    ad = server.createAd("https://a.example/landing");
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void everyAnswerIsCountedUnderItsOutcomeAndRedirectsAreTimed() throws Exception {
    String fresh = freshToken(ad.id());
    String expired = sign(token(ad.id(), NOW.toEpochMilli() - LIFETIME.toMillis()));
    char last = fresh.charAt(fresh.length() - 1);
    String forged = fresh.substring(0, fresh.length() - 1) + (last == 'A' ? 'B' : 'A');

    assertThat(send(request(fresh))).isEqualTo(302);
    assertThat(send(request(freshToken(ad.id())))).isEqualTo(302);
    assertThat(send(request(fresh).method("HEAD", HttpRequest.BodyPublishers.noBody())))
        .isEqualTo(302);
    assertThat(send(request(fresh).header("Sec-Purpose", "prefetch"))).isEqualTo(302);
    assertThat(send(request(fresh).setHeader("User-Agent", "Twitterbot/1.0"))).isEqualTo(302);
    assertThat(send(request(expired))).isEqualTo(302);
    assertThat(send(request(forged))).isEqualTo(400);
    assertThat(send(request(freshToken(ad.id() + 1_000)))).isEqualTo(404);
    server.log.failNext = true;
    assertThat(send(request(fresh))).isEqualTo(503);
    server.log.throwNext = true;
    assertThat(send(request(fresh))).isEqualTo(500);

    assertThat(outcomes())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "candidate", 2.0,
                "head", 1.0,
                "prefetch", 1.0,
                "preview", 1.0,
                "expired", 1.0,
                "paused", 0.0,
                "rejected", 1.0,
                "unknown_ad", 1.0,
                "unrecorded", 1.0,
                "failed", 1.0));
    assertThat(meters.get("adclick.click.redirect").timer().count())
        .as("one timing per 302")
        .isEqualTo(6);
    assertThat(meters.scrape())
        .contains("adclick_clicks_total{outcome=\"candidate\"} 2")
        .contains("adclick_clicks_total{outcome=\"rejected\"} 1")
        .contains("adclick_click_redirect_seconds_bucket{le=\"0.001\"}")
        .contains("adclick_click_redirect_seconds_count 6");
  }

  @Test
  void nothingAboutTheAdOrTokenBecomesATag() throws Exception {
    String token = freshToken(ad.id());
    send(request(token));

    assertThat(meters.getMeters())
        .flatExtracting(meter -> meter.getId().getTags())
        .allSatisfy(
            tag -> {
              assertThat(tag.getKey()).isEqualTo("outcome");
              assertThat(tag.getValue()).doesNotContain(token);
            });
  }

  private Map<String, Double> outcomes() {
    Map<String, Double> counts = new TreeMap<>();
    meters
        .get("adclick.clicks")
        .counters()
        .forEach(c -> counts.put(c.getId().getTag("outcome"), c.count()));
    return counts;
  }

  private HttpRequest.Builder request(String token) {
    return HttpRequest.newBuilder(URI.create(server.base() + "/c/" + token))
        .header("User-Agent", CHROME);
  }

  private int send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
