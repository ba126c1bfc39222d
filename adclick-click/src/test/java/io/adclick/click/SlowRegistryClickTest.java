package io.adclick.click;

import static io.adclick.click.ClickTestServer.freshToken;
import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.registry.Ad;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The click path reads an uncached ad off the event loop: a registry slow to answer (a remote
 * database, or one that is down) holds up only the clicks on that ad.
 */
class SlowRegistryClickTest {
  @TempDir Path dir;
  private final HttpClient http = ClickTestServer.client();
  private ClickTestServer server;
  private GatedAdRegistry registry;

  @AfterEach
  void stop() throws Exception {
    registry.open();
    server.close();
  }

  @Test
  void aClickWaitingForItsAdDoesNotHoldUpClicksOnCachedAds() throws Exception {
    server = ClickTestServer.start(dir, r -> registry = new GatedAdRegistry(r));
    Ad cached = server.createAd("https://cached.example/");
    Ad uncached = server.createAd("https://uncached.example/");
    assertThat(click(cached).statusCode()).isEqualTo(302);
    registry.closeGate();

    CompletableFuture<HttpResponse<String>> waiting = clickAsync(uncached);
    assertThat(registry.awaitReadAtGate()).isTrue();
    HttpResponse<String> meanwhile = click(cached);

    assertThat(meanwhile.statusCode()).isEqualTo(302);
    assertThat(waiting).isNotDone();
    registry.open();
    HttpResponse<String> answered = waiting.get(10, TimeUnit.SECONDS);
    assertThat(answered.statusCode()).isEqualTo(302);
    assertThat(answered.headers().firstValue("Location")).hasValue("https://uncached.example/");
    assertThat(server.log.appended).hasSize(3);
  }

  private HttpResponse<String> click(Ad ad) throws Exception {
    return clickAsync(ad).get(10, TimeUnit.SECONDS);
  }

  private CompletableFuture<HttpResponse<String>> clickAsync(Ad ad) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.base() + "/c/" + freshToken(ad.id())))
            .timeout(Duration.ofSeconds(30))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }
}
