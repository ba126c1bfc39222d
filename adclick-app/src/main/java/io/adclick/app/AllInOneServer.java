package io.adclick.app;

import io.adclick.admin.AdminApi;
import io.adclick.admin.ImpressionMinter;
import io.adclick.admin.LakeSqlApi;
import io.adclick.admin.ReconciliationApi;
import io.adclick.app.embedded.EmbeddedAggregation;
import io.adclick.app.embedded.EmbeddedKafkaBroker;
import io.adclick.click.ClickHandler;
import io.adclick.click.ClickTopic;
import io.adclick.click.HotAds;
import io.adclick.click.KafkaClickLog;
import io.adclick.click.SpoolingClickLog;
import io.adclick.click.spool.ClickSpool;
import io.adclick.dashboard.DashboardAssets;
import io.adclick.http.ApiHandler;
import io.adclick.http.BearerRateLimit;
import io.adclick.http.HttpRouter;
import io.adclick.metrics.Metrics;
import io.adclick.query.QueryApi;
import io.adclick.reconcile.LakeCompaction;
import io.adclick.reconcile.LakeRecount;
import io.adclick.reconcile.LakeRetention;
import io.adclick.reconcile.LakeSql;
import io.adclick.reconcile.Reconciliation;
import io.adclick.reconcile.ReconciliationJobs;
import io.adclick.reconcile.ReconciliationLog;
import io.adclick.reconcile.ReconciliationSchedule;
import io.adclick.reconcile.StoreAudit;
import io.adclick.reconcile.StoreRepair;
import io.adclick.registry.AdDirectory;
import io.adclick.registry.AdRegistry;
import io.adclick.registry.rocksdb.RocksDbAdRegistry;
import io.adclick.store.MetricsStore;
import io.adclick.store.MetricsStores;
import io.adclick.store.RetentionTask;
import io.adclick.stream.JobSettings;
import io.adclick.token.TokenKeyRing;
import io.adclick.token.TokenSigner;
import io.adclick.token.TokenVerifier;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the whole pipeline into one process: Kafka broker (unless an external one is given),
 * registry, metrics store, the aggregation job on a MiniCluster, and the click, admin and query
 * APIs on one HTTP port. Holds no logic of its own.
 */
public final class AllInOneServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AllInOneServer.class);

  /** One per core of the design machine; the rest of the JVM (broker, job) needs CPU too. */
  private static final int EVENT_LOOPS = 2;

  /** Bounds of one ad-hoc query over the lake. */
  private static final int SQL_MAX_ROWS = 10_000;

  private static final Duration SQL_TIMEOUT = Duration.ofSeconds(60);

  private final Deque<AutoCloseable> closeInReverse = new ArrayDeque<>();
  private final ServerConfig config;
  private volatile EmbeddedAggregation aggregation;
  private volatile String adminToken;
  private volatile String baseUrl;
  private Vertx vertx;
  private HttpRouter router;
  private int port;

  private AllInOneServer(ServerConfig config) {
    this.config = config;
  }

  public static AllInOneServer start(ServerConfig config, Map<String, String> env)
      throws Exception {
    AllInOneServer server = new AllInOneServer(config);
    try {
      server.startAll(env);
      return server;
    } catch (Exception | Error e) {
      server.close();
      throw e;
    }
  }

  private void startAll(Map<String, String> env) throws Exception {
    Path dataDir = config.dataDir().toAbsolutePath();
    Files.createDirectories(dataDir);
    SecureRandom random = new SecureRandom();
    Clock clock = Clock.systemUTC();
    Secrets secrets = Secrets.load(dataDir, env, random);
    adminToken = secrets.adminToken();
    secrets.generatedFiles().forEach(f -> System.out.println("adclick: secret kept in " + f));

    String bootstrap = startKafka(dataDir);
    // The job's sink and the query API open the same store.
    String storeUri = config.storeUriOr(dataDir);
    MetricsStore store = remember(MetricsStores.open(storeUri));
    // Metrics: remembered after the store and the broker, so its poller stops before they close.
    Metrics metrics = remember(Metrics.prometheus()).watchStoreSize(store::sizeOnDiskBytes);
    metrics.watchConsumerLag(bootstrap, JobSettings.DEFAULT_GROUP);
    scheduleRetention(store, dataDir, clock);
    ReconciliationLog reconciliationLog =
        remember(ReconciliationLog.open(dataDir.resolve("reconciliation.duckdb")));
    Optional<Path> lake = config.localLakeOr(dataDir);
    ReconciliationJobs reconciliations = null;
    if (lake.isPresent()) {
      reconciliations = startReconciliation(lake.get(), dataDir, store, reconciliationLog, clock);
    } else {
      LOG.warn("reconciliation and SQL over the lake are off: the lake is not a local folder");
    }
    AdRegistry registry = remember(RocksDbAdRegistry.open(dataDir.resolve("registry"), clock));
    AdDirectory directory = new AdDirectory(registry);
    // Closed after the HTTP server and the click log, before the stores it writes to.
    closeInReverse.push(
        () -> {
          if (aggregation != null) {
            aggregation.close();
          }
        });
    SpoolingClickLog clickLog =
        remember(
            new SpoolingClickLog(
                new KafkaClickLog(bootstrap, config.topic(), metrics.registry()),
                ClickSpool.open(dataDir.resolve("spool"), config.spoolMaxBytes()),
                config.logAckTimeout(),
                metrics.registry()));

    TokenKeyRing keys = secrets.tokenKeys().ring();
    LOG.info("{}", secrets.tokenKeys().describe());
    TokenVerifier verifier =
        new TokenVerifier(keys, config.tokenLifetime(), TokenVerifier.CLOCK_SKEW);
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(EVENT_LOOPS).setWorkerPoolSize(8));
    closeInReverse.push(() -> vertx.close().await(20, TimeUnit.SECONDS));
    router = new HttpRouter(vertx);
    ClickHandler clicks =
        new ClickHandler(
            verifier,
            directory,
            clickLog,
            clock,
            config.previewAgents(),
            new HotAds(config.hotAds(), clock::millis),
            metrics.registry());
    router.raw("GET", "/c/{token}", clicks::handle).raw("HEAD", "/c/{token}", clicks::handle);
    DashboardAssets dashboard = DashboardAssets.load();
    router.raw("GET", "/", dashboard::page).raw("GET", "/assets/{name}", dashboard::asset);
    router.raw("GET", "/metrics", metrics.endpoint(vertx)).observe(metrics.apiTimings());

    port = listenOnEveryEventLoop(router);
    baseUrl =
        config.publicUrl() != null ? config.publicUrl() : "http://" + hostForUrl() + ":" + port;
    ImpressionMinter minter = new ImpressionMinter(new TokenSigner(keys), clock, random, baseUrl);
    AdminApi admin = new AdminApi(secrets.adminToken(), registry, directory, minter, random);
    QueryApi query = new QueryApi(directory, registry, store, reconciliationLog::reconciledThrough);
    ReconciliationApi reconciliation =
        new ReconciliationApi(secrets.adminToken(), reconciliationLog, reconciliations, clock);
    LakeSqlApi sql =
        new LakeSqlApi(
            secrets.adminToken(),
            lake.map(
                    folder ->
                        new LakeSql(folder, SQL_MAX_ROWS, SQL_TIMEOUT, config.duckDbMemoryMb()))
                .orElse(null));
    UnaryOperator<ApiHandler> perKey = queryRateLimit();
    router
        .api("POST", "/api/v1/advertisers", admin::createAdvertiser)
        .api("POST", "/api/v1/ads", admin::createAd)
        .api("POST", "/api/v1/impressions", admin::mintImpressions)
        .api("GET", "/api/v1/admin/reconciliation/runs", reconciliation::runs)
        .api("POST", "/api/v1/admin/reconciliation/runs", reconciliation::startRun)
        .api(
            "GET",
            "/api/v1/admin/reconciliation/runs/{runId}/corrections",
            reconciliation::corrections)
        .api("GET", "/api/v1/admin/reconciliation/jobs/{jobId}", reconciliation::job)
        .api("POST", "/api/v1/admin/sql", sql::query)
        .api("GET", "/api/v1/ads", perKey.apply(query::ads))
        .api("GET", "/api/v1/ads/{adId}/metrics", perKey.apply(query::adMetrics))
        .api(
            "GET",
            "/api/v1/advertisers/{advertiserId}/metrics",
            perKey.apply(query::advertiserMetrics))
        .api("GET", "/api/v1/advertisers/{advertiserId}/ads", perKey.apply(query::adTotals))
        .api("GET", "/api/v1/openapi.json", OpenApiDocument.load()::serve)
        .api("GET", "/healthz", new Health(() -> aggregation)::check);
    System.out.println(
        "adclick: listening on http://" + hostForUrl() + ":" + port + " (data in " + dataDir + ")");

    JobSettings settings =
        new JobSettings(
            bootstrap,
            config.topic(),
            JobSettings.DEFAULT_GROUP,
            storeUri,
            config.lakeUriOr(dataDir),
            config.flushInterval(),
            JobSettings.DEFAULT_MAX_OUT_OF_ORDERNESS,
            JobSettings.DEFAULT_ALLOWED_LATENESS,
            JobSettings.DEFAULT_CORRECTION_HORIZON,
            JobSettings.DEFAULT_IDLE_TIMEOUT,
            config.tokenLifetime());
    aggregation =
        EmbeddedAggregation.start(
            settings, config.job(), dataDir.resolve("checkpoints"), dataDir.resolve("job-state"));
  }

  /**
   * The runner of reconciliations over the local lake, and the schedule feeding it unless turned
   * off. Both close before the store and the log (pushed after them).
   */
  private ReconciliationJobs startReconciliation(
      Path lake, Path dataDir, MetricsStore store, ReconciliationLog log, Clock clock)
      throws IOException {
    Path spill = Files.createDirectories(dataDir.resolve("tmp").resolve("duckdb"));
    LakeRecount recount =
        new LakeRecount(lake, config.tokenLifetime(), config.duckDbMemoryMb(), spill);
    Reconciliation reconciliation =
        new Reconciliation(new StoreAudit(recount, store), new StoreRepair(store), log, clock);
    LakeCompaction compaction = new LakeCompaction(lake, config.duckDbMemoryMb(), spill);
    ReconciliationJobs jobs =
        remember(
            new ReconciliationJobs(
                (from, to, dryRun, progress) -> {
                  // One file per hour instead of some 1,440: the recount reads each several times.
                  compaction.compactHours(from, to);
                  return reconciliation.run(from, to, dryRun, progress);
                }));
    if (config.reconcileEvery().isZero()) {
      LOG.info("scheduled reconciliation is off (--reconcile-every 0)");
    } else {
      ReconciliationSchedule.Settings settings =
          ReconciliationSchedule.Settings.of(
              config.reconcileEvery(),
              JobSettings.DEFAULT_ALLOWED_LATENESS,
              config.job().checkpointInterval());
      remember(new ReconciliationSchedule(settings, clock, jobs, log, lake).start());
    }
    return jobs;
  }

  /** Limits each API key on the query endpoints, or nothing when the limit is 0. */
  private UnaryOperator<ApiHandler> queryRateLimit() {
    double perSecond = config.queryRateLimit();
    if (perSecond <= 0) {
      return UnaryOperator.identity();
    }
    BearerRateLimit limit = new BearerRateLimit(perSecond, 2 * perSecond, System::nanoTime);
    return limit::limit;
  }

  /**
   * Drops metrics older than their retention once at start-up and then every hour: partitions are a
   * day long at the finest, so hourly keeps any bucket at most an hour past its partition's end.
   * The lake's hours go on the same thread, one after the other, when it is a local folder.
   */
  private void scheduleRetention(MetricsStore store, Path dataDir, Clock clock) {
    ScheduledExecutorService retention =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "adclick-retention");
              thread.setDaemon(true);
              return thread;
            });
    // Pushed after the store, so it stops before the store closes.
    closeInReverse.push(
        () -> {
          retention.shutdownNow();
          retention.awaitTermination(10, TimeUnit.SECONDS);
        });
    retention.scheduleWithFixedDelay(
        new RetentionTask(store, config.retention(), clock), 0, 1, TimeUnit.HOURS);
    if (config.lakeRetention().isZero()) {
      return;
    }
    Optional<Path> lake = config.localLakeOr(dataDir);
    if (lake.isEmpty()) {
      LOG.warn(
          "lake retention is not applied by the server to {}: use that filesystem's own lifecycle"
              + " rules",
          config.lakeUriOr(dataDir));
      return;
    }
    retention.scheduleWithFixedDelay(
        new LakeRetention(lake.get(), config.lakeRetention(), clock), 0, 1, TimeUnit.HOURS);
  }

  private String startKafka(Path dataDir) throws Exception {
    String bootstrap;
    if (config.kafkaBootstrap() != null) {
      LOG.info("using the external Kafka cluster at {}", config.kafkaBootstrap());
      bootstrap = config.kafkaBootstrap();
    } else {
      bootstrap =
          remember(EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), 0)).bootstrapServers();
    }
    ClickTopic.ensure(bootstrap, config.topic(), config.partitions());
    ClickTopic.ensure(bootstrap, JobSettings.lateTopicOf(config.topic()), config.partitions());
    return bootstrap;
  }

  /**
   * One server per event loop on the same port (Vert.x spreads connections over them): a single
   * server would serve every connection from one thread, i.e. one core.
   *
   * @return the port listened on
   */
  private int listenOnEveryEventLoop(HttpRouter router) throws Exception {
    // Vert.x shares one listening socket between servers asking for the same host and port, but
    // port 0 gives each its own random port: pick one free port for all of them instead.
    int port = config.port() == 0 ? freePort() : config.port();
    for (int i = 0; i < EVENT_LOOPS; i++) {
      HttpServer server = listen(router, port);
      // Closed first: stop accepting, let requests in flight finish (their clicks are
      // acknowledged or spooled), then the click log is flushed.
      closeInReverse.push(() -> server.shutdown(10, TimeUnit.SECONDS).await(15, TimeUnit.SECONDS));
    }
    return port;
  }

  private int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(config.bindAddress()))) {
      return probe.getLocalPort();
    }
  }

  private HttpServer listen(HttpRouter router, int port) throws Exception {
    HttpServerOptions options =
        config.httpLimits().toServerOptions().setHost(config.bindAddress()).setPort(port);
    HttpServer server = vertx.createHttpServer(options).requestHandler(router);
    return server.listen().await(30, TimeUnit.SECONDS);
  }

  private String hostForUrl() {
    String host = config.bindAddress();
    return host.equals("0.0.0.0") ? "127.0.0.1" : host;
  }

  private <T extends AutoCloseable> T remember(T resource) {
    closeInReverse.push(resource);
    return resource;
  }

  public int port() {
    return port;
  }

  /** Base URL clients use, e.g. {@code http://127.0.0.1:8080}. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The routes the server answers, for checks against the API's documentation. */
  List<HttpRouter.Endpoint> endpoints() {
    return router.endpoints();
  }

  public String adminToken() {
    return adminToken;
  }

  /**
   * Stops accepting requests first, then flushes the click log, then cancels the job (its
   * checkpoints are kept), then closes the stores and the broker.
   */
  @Override
  public void close() {
    while (!closeInReverse.isEmpty()) {
      AutoCloseable resource = closeInReverse.pop();
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("error while closing {}: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
