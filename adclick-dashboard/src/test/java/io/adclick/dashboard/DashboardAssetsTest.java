package io.adclick.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.http.HttpRouter;
import io.adclick.http.TestHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's files as a real Vert.x server answers them, routed as the server routes them. */
class DashboardAssetsTest {

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(java.time.Duration.ofSeconds(5))
          .build();
  private TestHttpServer server;
  private String base;

  @BeforeEach
  void serve() throws Exception {
    DashboardAssets assets = DashboardAssets.load();
    server =
        TestHttpServer.start(
            vertx ->
                new HttpRouter(vertx)
                    .raw("GET", "/", assets::page)
                    .raw("GET", "/assets/{name}", assets::asset));
    base = server.base();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void thePageLoadsOnlyItsOwnFilesUnderAStrictPolicy() throws Exception {
    HttpResponse<String> page = get("/", null);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValue(DashboardAssets.CONTENT_SECURITY_POLICY);
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    for (String file :
        new String[] {"dashboard.js", "dashboard.css", "uPlot.min.js", "uPlot.min.css"}) {
      assertThat(page.body()).contains("\"assets/" + file + "\"");
      assertThat(get("/assets/" + file, null).statusCode()).as(file).isEqualTo(200);
    }
    assertThat(page.body()).doesNotContain("http://").doesNotContain("https://");
  }

  @Test
  void uPlotComesFromItsWebJar() throws Exception {
    HttpResponse<String> uplot = get("/assets/uPlot.min.js", null);

    assertThat(uplot.headers().firstValue("Content-Type"))
        .hasValue("text/javascript; charset=utf-8");
    assertThat(uplot.body()).contains("uPlot").hasSizeGreaterThan(40_000);
  }

  @Test
  void aBrowserHoldingTheFileRevalidatesWithoutDownloadingItAgain() throws Exception {
    HttpResponse<String> first = get("/assets/dashboard.js", null);
    String etag = first.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> again = get("/assets/dashboard.js", etag);

    assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(get("/assets/dashboard.js", "\"stale\"").statusCode()).isEqualTo(200);
  }

  @Test
  void nothingElseOnTheClasspathCanBeAskedFor() throws Exception {
    for (String path :
        new String[] {
          "/assets/index.html",
          "/assets/DashboardAssets.class",
          "/assets/..%2F..%2Flogback.xml",
          "/assets/uPlot.iife.min.js"
        }) {
      HttpResponse<String> answer = get(path, null);
      assertThat(answer.statusCode()).as(path).isEqualTo(404);
      assertThat(answer.body()).as(path).contains("not_found");
    }
  }

  private HttpResponse<String> get(String path, String ifNoneMatch) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(java.time.Duration.ofSeconds(10))
            .GET();
    if (ifNoneMatch != null) {
      request.header("If-None-Match", ifNoneMatch);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
