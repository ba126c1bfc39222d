package io.adclick.metrics;

import io.adclick.http.HttpRouter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;

/**
 * {@code GET /metrics} in the Prometheus text format. The scrape is written on a worker thread: it
 * formats every meter (a histogram is some twenty lines), work the clicks sharing the event loop
 * would otherwise wait behind. It never waits on I/O itself: costly gauges are polled ahead ({@link
 * PolledGauge}).
 */
final class MetricsEndpoint implements HttpRouter.RawHandler {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;

  MetricsEndpoint(Vertx vertx, PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  @Override
  public void handle(HttpServerRequest request, Map<String, String> pathParams) {
    vertx
        .executeBlocking(registry::scrape, false)
        .onComplete(
            result -> {
              HttpServerResponse response = request.response();
              if (response.ended() || response.closed()) {
                return;
              }
              response.putHeader("Cache-Control", "no-store");
              if (result.succeeded()) {
                response.putHeader("Content-Type", CONTENT_TYPE).end(result.result());
              } else {
                response
                    .setStatusCode(500)
                    .putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("the metrics could not be written\n");
              }
            });
  }
}
