package io.adclick.store.clickhouse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP wrapper against a stub server: what it sends and how it reports failures. */
class ClickHouseHttpTest {

  private HttpServer stub;
  private final List<String> requests = new ArrayList<>();

  @AfterEach
  void stop() {
    if (stub != null) {
      stub.stop(0);
    }
  }

  private ClickHouseHttp stub(int status, String answer, Map<String, String> env)
      throws IOException {
    stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    stub.createContext(
        "/",
        exchange -> {
          String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
          synchronized (requests) {
            requests.add(
                exchange.getRequestURI()
                    + " | "
                    + exchange.getRequestHeaders().getFirst("Authorization")
                    + " | "
                    + body);
          }
          byte[] out = answer.getBytes(UTF_8);
          exchange.sendResponseHeaders(status, out.length);
          try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
          }
        });
    stub.start();
    String uri = "clickhouse://127.0.0.1:" + stub.getAddress().getPort() + "/adclick";
    return new ClickHouseHttp(ClickHouseEndpoint.parse(uri, env));
  }

  @Test
  void sendsTheDatabaseAsAParameterTheInsertAsQueryAndCredentialsAsBasicAuth() throws Exception {
    ClickHouseHttp http =
        stub(
            200,
            "",
            Map.of(ClickHouseEndpoint.USER_ENV, "u", ClickHouseEndpoint.PASSWORD_ENV, "pw"));

    http.execute("SELECT 1");
    http.insert("INSERT INTO t FORMAT TabSeparated", "1\t2\n".getBytes(UTF_8));

    assertThat(requests)
        .containsExactly(
            "/?database=adclick | Basic dTpwdw== | SELECT 1",
            "/?database=adclick&query=INSERT+INTO+t+FORMAT+TabSeparated | Basic dTpwdw== | 1\t2\n");
  }

  @Test
  void aServerErrorNamesTheServerCodeAndMessageButNoStackTrace() throws Exception {
    ClickHouseHttp http =
        stub(
            500,
            "Code: 62. DB::Exception: Syntax error (SYNTAX_ERROR)\nStack trace:\n0. f() @ 0x1\n",
            Map.of());

    assertThatThrownBy(() -> http.execute("SELEC 1"))
        .isInstanceOf(ClickHouseException.class)
        .hasMessageContaining("ClickHouse at clickhouse://127.0.0.1:")
        .hasMessageContaining("HTTP 500: Code: 62. DB::Exception: Syntax error (SYNTAX_ERROR)")
        .hasMessageNotContaining("Stack trace")
        .satisfies(e -> assertThat(((ClickHouseException) e).code()).isEqualTo(62));
  }

  @Test
  void anUnreachableServerIsAClearError() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ClickHouseHttp http =
        new ClickHouseHttp(
            ClickHouseEndpoint.parse("clickhouse://127.0.0.1:" + port + "/adclick", Map.of()));

    assertThatThrownBy(() -> http.execute("SELECT 1"))
        .isInstanceOf(ClickHouseException.class)
        .hasMessageStartingWith("cannot reach ClickHouse at clickhouse://127.0.0.1:" + port)
        .hasMessageContaining("ConnectException");
    assertThat(http.ping()).isFalse();
  }
}
