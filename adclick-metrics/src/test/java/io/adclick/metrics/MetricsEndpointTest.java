package io.adclick.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.http.ApiException;
import io.adclick.http.ApiResponse;
import io.adclick.http.HttpRouter;
import io.adclick.http.TestHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} through a real Vert.x server, routed as the all-in-one server routes it. */
class MetricsEndpointTest {
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private TestHttpServer server;
  private Metrics metrics;
  private int port;

  @BeforeEach
  void start() throws Exception {
    metrics = Metrics.prometheus().watchStoreSize(() -> 12_345);
    server =
        TestHttpServer.start(
            vertx ->
                new HttpRouter(vertx)
                    .api(
                        "GET",
                        "/api/v1/ads/{adId}/metrics",
                        request -> ApiResponse.json(200, Map.of()))
                    .api(
                        "GET",
                        "/api/v1/ads",
                        request -> {
                          throw ApiException.unauthorized("no key");
                        })
                    .api(
                        "GET",
                        "/api/v1/broken",
                        request -> {
                          throw new IllegalStateException("a bug");
                        })
                    .raw("GET", "/metrics", metrics.endpoint(vertx))
                    .observe(metrics.apiTimings()));
    port = server.port();
  }

  @AfterEach
  void stop() throws Exception {
    metrics.close();
    server.close();
  }

  @Test
  void answersThePrometheusTextFormat() throws Exception {
    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body())
        .contains("# TYPE adclick_store_size_bytes gauge")
        .contains("# HELP adclick_store_size_bytes");
  }

  @Test
  void apiRequestsAreTimedByRouteTemplateAndStatusClassNeverByPath() throws Exception {
    assertThat(get("/api/v1/ads/17/metrics").statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/ads/18/metrics").statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/ads").statusCode()).isEqualTo(401);
    assertThat(get("/api/v1/broken").statusCode()).isEqualTo(500);

    String body = get("/metrics").body();

    assertThat(body)
        .contains(
            "adclick_api_request_seconds_count{method=\"GET\","
                + "route=\"/api/v1/ads/{adId}/metrics\",status=\"2xx\"} 2")
        .contains(
            "adclick_api_request_seconds_count{method=\"GET\",route=\"/api/v1/ads\",status=\"4xx\"}"
                + " 1")
        .contains(
            "adclick_api_request_seconds_bucket{method=\"GET\",route=\"/api/v1/ads\","
                + "status=\"4xx\",le=\"+Inf\"} 1")
        .contains(
            "adclick_api_request_seconds_count{method=\"GET\",route=\"/api/v1/broken\","
                + "status=\"5xx\"} 1")
        .doesNotContain("/api/v1/ads/17");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
