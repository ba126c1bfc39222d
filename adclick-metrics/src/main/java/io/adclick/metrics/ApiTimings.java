package io.adclick.metrics;

import io.adclick.http.HttpRouter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code adclick_api_request_seconds{method,route,status}}: how long each API request took, by the
 * route's template ({@code /api/v1/ads/{adId}/metrics}, never the path with the id in it) and the
 * status class ({@code 2xx} .. {@code 5xx}). Bound: routes x 5 status classes timers, each with the
 * {@link #BUCKETS}.
 */
final class ApiTimings implements HttpRouter.ApiObserver {
  /**
   * Queries take a few ms at p50 and tens at p99 (README, benchmarks); a reconciliation start more.
   */
  static final Duration[] BUCKETS =
      Stream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000)
          .map(Duration::ofMillis)
          .toArray(Duration[]::new);

  private record Key(String method, String template, int statusClass) {}

  private final MeterRegistry registry;
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

  ApiTimings(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void answered(String method, String template, int status, long nanos) {
    int statusClass = Math.max(1, Math.min(5, status / 100));
    timers
        .computeIfAbsent(new Key(method, template, statusClass), this::timer)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer timer(Key key) {
    return Timer.builder("adclick.api.request")
        .description("API requests from route match to answer, by route template and status class")
        .tag("method", key.method())
        .tag("route", key.template())
        .tag("status", key.statusClass() + "xx")
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }
}
