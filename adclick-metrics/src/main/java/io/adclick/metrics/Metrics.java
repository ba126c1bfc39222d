package io.adclick.metrics;

import io.adclick.http.HttpRouter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The server's one meter registry, exposed in the Prometheus text format at {@code GET /metrics},
 * and the thread that refreshes the gauges too costly to compute on every scrape (store size,
 * consumer lag).
 *
 * <p>Cardinality: every meter made for this registry carries only tags from a fixed set (click
 * outcome, spool result, route template, status class, consumer group): never an ad, advertiser,
 * path, token or key. Per-ad numbers are what the product itself answers; here they would grow the
 * scrape with the ad count. The whole output is then a few hundred lines whatever the traffic.
 */
public final class Metrics implements AutoCloseable {
  /** Store size walks files (RocksDB) or asks the server (ClickHouse): once a minute is plenty. */
  public static final Duration STORE_SIZE_EVERY = Duration.ofSeconds(60);

  /** Lag is two Kafka admin round trips; 10 s is finer than any alert on it needs. */
  public static final Duration CONSUMER_LAG_EVERY = Duration.ofSeconds(10);

  private final PrometheusMeterRegistry registry;
  private final ScheduledExecutorService poller;
  // What the polls use: closed once no poll can run any more.
  private final List<AutoCloseable> closeAfterPoller = new CopyOnWriteArrayList<>();

  private Metrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "adclick-metrics-poller");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** A fresh Prometheus registry; close it to stop its poller (before what it polls closes). */
  public static Metrics prometheus() {
    return new Metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The whole registry in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  /** {@code GET /metrics}, answered from a worker thread. */
  public HttpRouter.RawHandler endpoint(Vertx vertx) {
    return new MetricsEndpoint(vertx, registry);
  }

  /** Times every API request by route template and status class. */
  public HttpRouter.ApiObserver apiTimings() {
    return new ApiTimings(registry);
  }

  /** {@code adclick_store_size_bytes}, polled every {@link #STORE_SIZE_EVERY}. */
  public Metrics watchStoreSize(LongSupplier sizeOnDiskBytes) {
    return poll(
        "adclick.store.size",
        "Bytes the metrics store occupies on disk or on its server, polled every minute",
        "bytes",
        Tags.empty(),
        sizeOnDiskBytes,
        STORE_SIZE_EVERY);
  }

  /**
   * {@code adclick_consumer_lag_records{group}}: records in the topic's partitions not yet
   * committed by the aggregation job's consumer group, polled every {@link #CONSUMER_LAG_EVERY}.
   * The admin client it opens closes with this object.
   */
  public Metrics watchConsumerLag(String bootstrapServers, String group) {
    ConsumerLag lag = ConsumerLag.open(bootstrapServers, group);
    closeAfterPoller.add(lag);
    return poll(
        "adclick.consumer.lag",
        "Records in the clicks topic the aggregation job's consumer group has not committed yet"
            + " (NaN before its first commit or when Kafka does not answer)",
        "records",
        Tags.of("group", group),
        lag::records,
        CONSUMER_LAG_EVERY);
  }

  /**
   * A gauge computed off the scrape path, on this object's poller thread, every {@code every}
   * (first at once): a scrape only reads the last value, so it never waits on I/O.
   */
  private Metrics poll(
      String name,
      String description,
      String unit,
      Tags tags,
      LongSupplier source,
      Duration every) {
    PolledGauge gauge = PolledGauge.register(registry, name, description, unit, tags, source);
    poller.scheduleWithFixedDelay(gauge::poll, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Stops the poller and waits for a poll in progress, then closes the admin client. */
  @Override
  public void close() {
    poller.shutdownNow();
    try {
      poller.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (AutoCloseable closeable : closeAfterPoller) {
      try {
        closeable.close();
      } catch (Exception e) {
        // Shutting down: nothing left to report it to that would act on it.
      }
    }
    registry.close();
  }
}
