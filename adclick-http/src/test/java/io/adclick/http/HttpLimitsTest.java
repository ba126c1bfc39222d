package io.adclick.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The limits as a real Vert.x server applies them: what a client gets back, and that it lasts. */
class HttpLimitsTest {
  private static final String OK_REQUEST =
      "GET /c/abc HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";

  private Vertx vertx;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopVertx() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void anOversizedRequestLineIsAnswered414() throws Exception {
    int port = listen(HttpLimits.defaults());
    String path = "/c/" + "A".repeat(HttpLimits.DEFAULT_MAX_INITIAL_LINE_LENGTH);

    String response =
        RawHttp.exchange(port, "GET " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");

    assertThat(RawHttp.status(response)).isEqualTo(414);
    assertThat(response).doesNotContain("Exception").doesNotContainIgnoringCase("location:");
    assertThat(RawHttp.status(RawHttp.exchange(port, OK_REQUEST))).isEqualTo(302);
  }

  @Test
  void oversizedHeadersAreAnswered431() throws Exception {
    int port = listen(HttpLimits.defaults());
    String cookie = "Cookie: c=" + "x".repeat(HttpLimits.DEFAULT_MAX_HEADER_SIZE) + "\r\n";

    String response =
        RawHttp.exchange(port, "GET /c/abc HTTP/1.1\r\nHost: t\r\n" + cookie + "\r\n");
    String manyHeaders = "X-Pad: 0123456789012345678901234567890123456789\r\n".repeat(400);
    String response2 =
        RawHttp.exchange(port, "GET /c/abc HTTP/1.1\r\nHost: t\r\n" + manyHeaders + "\r\n");

    assertThat(RawHttp.status(response)).isEqualTo(431);
    assertThat(RawHttp.status(response2)).isEqualTo(431);
    assertThat(response + response2).doesNotContain("Exception");
    assertThat(RawHttp.status(RawHttp.exchange(port, OK_REQUEST))).isEqualTo(302);
  }

  @Test
  void requestsJustUnderTheLimitsAreServed() throws Exception {
    int port = listen(HttpLimits.defaults());
    String path = "/c/abc?pad=" + "p".repeat(HttpLimits.DEFAULT_MAX_INITIAL_LINE_LENGTH - 100);
    String cookie = "Cookie: c=" + "x".repeat(HttpLimits.DEFAULT_MAX_HEADER_SIZE - 200) + "\r\n";

    String response =
        RawHttp.exchange(
            port,
            "GET " + path + " HTTP/1.1\r\nHost: t\r\n" + cookie + "Connection: close\r\n\r\n");

    assertThat(RawHttp.status(response)).isEqualTo(302);
  }

  @Test
  void halfSentRequestsAreCutOffByTheIdleTimeoutWhileOthersAreServed() throws Exception {
    int port = listen(HttpLimits.defaults().withIdleTimeout(Duration.ofMillis(500)));
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        Socket socket = RawHttp.open(port);
        socket.getOutputStream().write("GET /c/abc HTTP/1.1\r\nHost: t\r\nX-Slow: ".getBytes());
        slow.add(socket);
      }

      assertThat(RawHttp.status(RawHttp.exchange(port, OK_REQUEST))).isEqualTo(302);
      for (Socket socket : slow) {
        assertThat(RawHttp.closedWithin(socket, 5_000)).as("closed by the server").isTrue();
      }
      assertThat(RawHttp.status(RawHttp.exchange(port, OK_REQUEST))).isEqualTo(302);
    } finally {
      closeAll(slow);
    }
  }

  @Test
  void aBusyConnectionIsNotCutOff() throws Exception {
    int port = listen(HttpLimits.defaults().withIdleTimeout(Duration.ofMillis(500)));
    try (Socket socket = RawHttp.open(port)) {
      for (int i = 0; i < 8; i++) {
        socket.getOutputStream().write("GET /c/abc HTTP/1.1\r\nHost: t\r\n\r\n".getBytes());
        byte[] head = new byte[12];
        socket.getInputStream().readNBytes(head, 0, head.length);
        assertThat(new String(head, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 302");
        drainRestOfResponse(socket);
        Thread.sleep(150);
      }
    }
  }

  @Test
  void manyIdleConnectionsDoNotStopTheServer() throws Exception {
    int port = listen(HttpLimits.defaults());
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 500; i++) {
        Socket socket = RawHttp.open(port);
        if (i % 2 == 0) {
          // Half of them start a request and never finish it.
          socket.getOutputStream().write("GET /c/abc HTTP/1.1\r\n".getBytes());
        }
        idle.add(socket);
      }

      for (int i = 0; i < 5; i++) {
        assertThat(RawHttp.status(RawHttp.exchange(port, OK_REQUEST))).isEqualTo(302);
      }
    } finally {
      closeAll(idle);
    }
    assertThat(RawHttp.status(RawHttp.exchange(port, OK_REQUEST))).isEqualTo(302);
  }

  @Test
  void refusesNonsensicalLimits() {
    assertThatThrownBy(() -> HttpLimits.defaults().withIdleTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HttpLimits(100, 16 * 1024, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private int listen(HttpLimits limits) throws Exception {
    HttpRouter router =
        new HttpRouter(vertx)
            .raw(
                "GET",
                "/c/{token}",
                (request, params) ->
                    request
                        .response()
                        .setStatusCode(302)
                        .putHeader("Location", "https://a.example/")
                        .putHeader("Content-Length", "0")
                        .end());
    HttpServer server =
        vertx
            .createHttpServer(limits.toServerOptions().setHost("127.0.0.1").setPort(0))
            .requestHandler(router)
            .listen()
            .await(10, TimeUnit.SECONDS);
    return server.actualPort();
  }

  /** Reads the rest of a bodiless response: up to the blank line after the headers. */
  private static void drainRestOfResponse(Socket socket) throws Exception {
    int matched = 0;
    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    while (matched < end.length) {
      int b = socket.getInputStream().read();
      assertThat(b).isNotNegative();
      matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
    }
  }

  private static void closeAll(List<Socket> sockets) {
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (Exception e) {
        // best effort
      }
    }
  }
}
