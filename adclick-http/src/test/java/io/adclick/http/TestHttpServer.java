package io.adclick.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real Vert.x server on a free loopback port with the server's own options ({@link
 * HttpLimits#defaults()}), serving the routes a test builds on its Vert.x instance. Public for the
 * other modules' tests, through this module's test jar.
 */
public final class TestHttpServer implements AutoCloseable {
  private final Vertx vertx;
  private final int port;

  private TestHttpServer(Vertx vertx, int port) {
    this.vertx = vertx;
    this.port = port;
  }

  public static TestHttpServer start(Function<Vertx, HttpRouter> routes) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      HttpServer server =
          vertx
              .createHttpServer(HttpLimits.defaults().toServerOptions())
              .requestHandler(routes.apply(vertx))
              .listen(0, "127.0.0.1")
              .await(10, TimeUnit.SECONDS);
      return new TestHttpServer(vertx, server.actualPort());
    } catch (Exception | Error e) {
      vertx.close().await(10, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String base() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
