package io.adclick.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the router answers a handler that fails, through a real Vert.x server. */
class HttpRouterTest {

  /** A dependency's failure, as a registry's database being down. */
  static final class DatabaseDown extends RuntimeException {
    DatabaseDown(String message) {
      super(message);
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private TestHttpServer server;
  private String base;

  @BeforeEach
  void serve() throws Exception {
    server =
        TestHttpServer.start(
            vertx ->
                new HttpRouter(vertx)
                    .unavailableWhen(DatabaseDown.class, "the ad registry")
                    .api(
                        "GET",
                        "/down",
                        r -> {
                          throw new DatabaseDown(
                              "db.internal:5432/registry refused the connection");
                        })
                    .api(
                        "GET",
                        "/bug",
                        r -> {
                          throw new IllegalStateException("a bug");
                        }));
    base = server.base();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void aDownDependencyIs503NamingItButNotItsDetails() throws Exception {
    HttpResponse<String> answer = get("/down");

    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.body())
        .contains("\"error\":\"unavailable\"")
        .contains("the ad registry is unavailable")
        .doesNotContain("db.internal")
        .doesNotContain("Exception");
  }

  @Test
  void anyOtherFailureIsStillA500WithoutDetails() throws Exception {
    HttpResponse<String> answer = get("/bug");

    assertThat(answer.statusCode()).isEqualTo(500);
    assertThat(answer.body()).contains("internal_error").doesNotContain("a bug");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
