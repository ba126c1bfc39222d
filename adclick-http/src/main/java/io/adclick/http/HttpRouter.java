package io.adclick.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes requests by method and path template ({@code /api/v1/ads/{adId}/metrics}). API handlers
 * run on worker threads with their body read (and bounded) first; raw handlers run on the event
 * loop and answer themselves, which the click path needs to stay allocation-light and async.
 */
public final class HttpRouter implements Handler<HttpServerRequest> {

  /** Largest request body accepted; API bodies are small JSON documents. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(HttpRouter.class);

  /** A handler that answers on the event loop by itself. */
  @FunctionalInterface
  public interface RawHandler {
    void handle(HttpServerRequest request, Map<String, String> pathParams);
  }

  /**
   * Told how each API request ended, for latency metrics. It gets the route's template, never the
   * raw path, so whatever it keeps per route is bounded by the routes registered.
   */
  @FunctionalInterface
  public interface ApiObserver {
    /**
     * @param nanos from the route being matched (before the body is read and the request queued for
     *     a worker thread) to the answer being ready to write
     */
    void answered(String method, String template, int status, long nanos);
  }

  private static final ApiObserver NO_OBSERVER = (method, template, status, nanos) -> {};

  private record Route(
      String method, String path, PathTemplate template, ApiHandler api, RawHandler raw) {}

  /**
   * A registered route, for checks that the API's documentation lists every route.
   *
   * @param api the handler, or null for a raw handler
   */
  public record Endpoint(String method, String template, ApiHandler api) {}

  private final Vertx vertx;
  // Routes may be added after the server started (the API needs the bound port); event loops read.
  private final List<Route> routes = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile ApiObserver observer = NO_OBSERVER;
  // Failures of a dependency that an API call may retry: answered 503, not 500. Set at wiring.
  private final Map<Class<? extends RuntimeException>, String> unavailable =
      new java.util.concurrent.ConcurrentHashMap<>();

  public HttpRouter(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Answers an API call failing with {@code failure} (or a subclass) {@code 503 unavailable},
   * naming {@code dependency} ("the ad registry") but not the failure's details, which are logged:
   * the caller may retry, and learns nothing about the deployment.
   */
  public HttpRouter unavailableWhen(Class<? extends RuntimeException> failure, String dependency) {
    unavailable.put(failure, dependency);
    return this;
  }

  public HttpRouter api(String method, String template, ApiHandler handler) {
    routes.add(new Route(method, template, PathTemplate.parse(template), handler, null));
    return this;
  }

  public HttpRouter raw(String method, String template, RawHandler handler) {
    routes.add(new Route(method, template, PathTemplate.parse(template), null, handler));
    return this;
  }

  /** Reports every API request's route, status and duration to the observer from now on. */
  public HttpRouter observe(ApiObserver observer) {
    this.observer = observer;
    return this;
  }

  /** Every route in the order it was added. */
  public List<Endpoint> endpoints() {
    return routes.stream().map(r -> new Endpoint(r.method, r.path, r.api)).toList();
  }

  @Override
  public void handle(HttpServerRequest request) {
    String path = request.path();
    String method = request.method().name();
    // Only a request no route takes pays for this set.
    Set<String> allowed = null;
    for (Route route : routes) {
      Map<String, String> params = route.template.match(path);
      if (params == null) {
        continue;
      }
      if (!route.method.equals(method)) {
        if (allowed == null) {
          allowed = new TreeSet<>();
        }
        allowed.add(route.method);
        continue;
      }
      if (route.raw != null) {
        route.raw.handle(request, params);
      } else {
        readBodyThenRun(request, route, params);
      }
      return;
    }
    if (allowed == null) {
      send(request.response(), ApiResponse.error(404, "not_found", "no such resource: " + path));
    } else {
      request.response().putHeader("Allow", String.join(", ", allowed));
      send(
          request.response(),
          ApiResponse.error(405, "method_not_allowed", method + " is not allowed here"));
    }
  }

  private void readBodyThenRun(HttpServerRequest request, Route route, Map<String, String> ps) {
    long start = System.nanoTime();
    String length = request.getHeader("Content-Length");
    if (length != null && parseLength(length) > MAX_BODY_BYTES) {
      tooLarge(request);
      return;
    }
    Buffer body = Buffer.buffer();
    boolean[] overflowed = {false};
    request.handler(
        chunk -> {
          if (overflowed[0]) {
            return;
          }
          if (body.length() + chunk.length() > MAX_BODY_BYTES) {
            overflowed[0] = true;
            tooLarge(request);
            return;
          }
          body.appendBuffer(chunk);
        });
    request.endHandler(
        v -> {
          if (!overflowed[0]) {
            run(request, route, start, toApiRequest(request, ps, body.getBytes()));
          }
        });
  }

  private void run(HttpServerRequest request, Route route, long start, ApiRequest apiRequest) {
    vertx
        .executeBlocking(() -> invoke(route.api, apiRequest), false)
        .onComplete(
            result -> {
              ApiResponse answer;
              if (result.succeeded()) {
                answer = result.result();
              } else {
                LOG.error("{} {} failed", request.method(), request.path(), result.cause());
                answer = internalError();
              }
              // Before the answer, so whoever sees the answer sees it recorded.
              observer.answered(
                  route.method, route.path, answer.status(), System.nanoTime() - start);
              send(request.response(), answer);
            });
  }

  private ApiResponse invoke(ApiHandler api, ApiRequest request) {
    try {
      return api.handle(request);
    } catch (ApiException e) {
      return ApiResponse.error(e);
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", request.method(), request.path(), e);
      for (Map.Entry<Class<? extends RuntimeException>, String> d : unavailable.entrySet()) {
        if (d.getKey().isInstance(e)) {
          return ApiResponse.error(
              ApiException.unavailable(d.getValue() + " is unavailable; try again shortly"));
        }
      }
      return internalError();
    }
  }

  private static ApiResponse internalError() {
    return ApiResponse.error(500, "internal_error", "the server could not complete the request");
  }

  private static void tooLarge(HttpServerRequest request) {
    send(
        request.response().putHeader("Connection", "close"),
        ApiResponse.error(
            413, "payload_too_large", "request body is larger than " + MAX_BODY_BYTES + " bytes"));
  }

  private static long parseLength(String header) {
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Writes an API response, unless the response has already ended. */
  public static void send(HttpServerResponse response, ApiResponse api) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(api.status());
    response.putHeader("Content-Type", api.contentType());
    response.putHeader("Cache-Control", "no-store");
    api.headers().forEach(response::putHeader);
    response.end(Buffer.buffer(api.body()));
  }

  private static ApiRequest toApiRequest(
      HttpServerRequest request, Map<String, String> pathParams, byte[] body) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    request
        .params()
        .forEach(e -> query.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    Map<String, String> headers = new HashMap<>();
    request
        .headers()
        .forEach(e -> headers.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
    return new ApiRequest(
        request.method().name(), request.path(), pathParams, query, headers, body);
  }
}
