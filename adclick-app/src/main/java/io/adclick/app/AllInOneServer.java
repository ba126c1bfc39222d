package io.adclick.app;

import io.adclick.admin.AdminApi;
import io.adclick.admin.ImpressionMinter;
import io.adclick.admin.LakeSqlApi;
import io.adclick.admin.ReconciliationApi;
import io.adclick.app.Roles.Role;
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
import io.adclick.query.ReconciledThrough;
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
import io.adclick.registry.AdRegistries;
import io.adclick.registry.AdRegistry;
import io.adclick.registry.RegistryUnavailableException;
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
import java.util.ArrayList;
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
 * Wires the server's roles into one process (see {@link Roles}): with {@code all}, the whole
 * pipeline: Kafka broker (unless an external one is given), registry, metrics store, the
 * aggregation job on a MiniCluster, and the click, admin and query APIs on one HTTP port; with
 * split roles, only the parts each needs. Holds no logic of its own.
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
  private Metrics metrics;
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
    Roles roles = config.roles();
    Path dataDir = config.dataDir().toAbsolutePath();
    Files.createDirectories(dataDir);
    SecureRandom random = new SecureRandom();
    Clock clock = Clock.systemUTC();
    Secrets secrets = Secrets.load(dataDir, env, random);
    adminToken = secrets.adminToken();
    secrets.generatedFiles().forEach(f -> System.out.println("adclick: secret kept in " + f));
    LOG.info("roles: {}", roles);

    // Clicks are logged to Kafka; with every role here, the job reads them from it too.
    String bootstrap = roles.serves(Role.CLICK) ? startKafka(dataDir) : null;
    // The job's sink and the query API open the same store.
    String storeUri = config.storeUriOr(dataDir);
    boolean readsStore = roles.serves(Role.QUERY) || roles.serves(Role.ADMIN);
    MetricsStore store = readsStore ? remember(MetricsStores.open(storeUri)) : null;
    // Metrics: remembered after the store and the broker, so its poller stops before they close.
    metrics = remember(Metrics.prometheus());
    if (store != null) {
      metrics.watchStoreSize(store::sizeOnDiskBytes);
    }
    if (bootstrap != null) {
      metrics.watchConsumerLag(bootstrap, JobSettings.DEFAULT_GROUP);
    }
    // The admin side owns the store's upkeep: retention, reconciliation and its log.
    ReconciliationLog reconciliationLog = null;
    ReconciliationJobs reconciliations = null;
    Optional<Path> lake = config.localLakeOr(dataDir);
    if (roles.serves(Role.ADMIN)) {
      scheduleRetention(store, dataDir, clock);
      reconciliationLog =
          remember(ReconciliationLog.open(dataDir.resolve("reconciliation.duckdb")));
      if (lake.isPresent()) {
        reconciliations = startReconciliation(lake.get(), dataDir, store, reconciliationLog, clock);
      } else {
        LOG.warn("reconciliation and SQL over the lake are off: the lake is not a local folder");
      }
    }
    // PostgreSQL when given (shared by every process), else RocksDB under the data directory.
    AdRegistry registry = remember(AdRegistries.open(config.registryUri(), dataDir, clock, env));
    AdDirectory directory =
        new AdDirectory(
            registry,
            AdDirectory.DEFAULT_MAX_ADS,
            AdDirectory.DEFAULT_MAX_API_KEYS,
            config.adCacheStaleness());
    // Closed after the HTTP server and the click log, before the stores it writes to.
    closeInReverse.push(
        () -> {
          if (aggregation != null) {
            aggregation.close();
          }
        });
    SpoolingClickLog clickLog =
        roles.serves(Role.CLICK)
            ? remember(
                new SpoolingClickLog(
                    new KafkaClickLog(bootstrap, config.topic(), metrics.registry()),
                    ClickSpool.open(dataDir.resolve("spool"), config.spoolMaxBytes()),
                    config.logAckTimeout(),
                    metrics.registry()))
            : null;

    TokenKeyRing keys = secrets.tokenKeys().ring();
    LOG.info("{}", secrets.tokenKeys().describe());
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(EVENT_LOOPS).setWorkerPoolSize(8));
    closeInReverse.push(() -> vertx.close().await(20, TimeUnit.SECONDS));
    router =
        new HttpRouter(vertx)
            .unavailableWhen(RegistryUnavailableException.class, "the ad registry");
    if (roles.serves(Role.CLICK)) {
      routeClicks(keys, directory, clickLog, clock);
    }
    if (roles.serves(Role.QUERY)) {
      DashboardAssets dashboard = DashboardAssets.load();
      router.raw("GET", "/", dashboard::page).raw("GET", "/assets/{name}", dashboard::asset);
    }

    port = listenOnEveryEventLoop(router);
    baseUrl =
        config.publicUrl() != null ? config.publicUrl() : "http://" + hostForUrl() + ":" + port;
    if (roles.serves(Role.ADMIN)) {
      routeAdmin(
          secrets,
          keys,
          registry,
          directory,
          reconciliationLog,
          reconciliations,
          lake,
          random,
          clock);
    }
    if (roles.serves(Role.QUERY)) {
      ReconciledThrough reconciled =
          reconciliationLog != null
              ? reconciliationLog::reconciledThrough
              : ReconciledThrough.NEVER;
      routeQuery(new QueryApi(directory, registry, store, reconciled));
    }
    KafkaReachability kafka =
        bootstrap != null ? remember(new KafkaReachability(bootstrap, clock)) : null;
    Readiness readiness = readiness(roles, kafka, store, registry, clickLog);
    router.raw("GET", "/metrics", metrics.endpoint(vertx)).observe(metrics.apiTimings());
    router
        .api("GET", "/api/v1/openapi.json", OpenApiDocument.load()::serve)
        .api("GET", "/healthz", readiness::alive)
        .api("GET", "/readyz", readiness::ready);
    System.out.println(
        "adclick: listening on http://" + hostForUrl() + ":" + port + " (data in " + dataDir + ")");

    if (roles.isAll()) {
      aggregation = startJob(bootstrap, storeUri, dataDir);
    }
  }

  private void routeClicks(
      TokenKeyRing keys, AdDirectory directory, SpoolingClickLog clickLog, Clock clock) {
    TokenVerifier verifier =
        new TokenVerifier(keys, config.tokenLifetime(), TokenVerifier.CLOCK_SKEW);
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
  }

  private void routeAdmin(
      Secrets secrets,
      TokenKeyRing keys,
      AdRegistry registry,
      AdDirectory directory,
      ReconciliationLog reconciliationLog,
      ReconciliationJobs reconciliations,
      Optional<Path> lake,
      SecureRandom random,
      Clock clock) {
    ImpressionMinter minter = new ImpressionMinter(new TokenSigner(keys), clock, random, baseUrl);
    AdminApi admin = new AdminApi(secrets.adminToken(), registry, directory, minter, random);
    ReconciliationApi reconciliation =
        new ReconciliationApi(secrets.adminToken(), reconciliationLog, reconciliations, clock);
    LakeSqlApi sql =
        new LakeSqlApi(
            secrets.adminToken(),
            lake.map(
                    folder ->
                        new LakeSql(folder, SQL_MAX_ROWS, SQL_TIMEOUT, config.duckDbMemoryMb()))
                .orElse(null));
    router
        .api("POST", "/api/v1/advertisers", admin::createAdvertiser)
        .api("POST", "/api/v1/ads", admin::createAd)
        .api("PATCH", "/api/v1/ads/{adId}", admin::updateAd)
        .api("POST", "/api/v1/impressions", admin::mintImpressions)
        .api("GET", "/api/v1/admin/reconciliation/runs", reconciliation::runs)
        .api("POST", "/api/v1/admin/reconciliation/runs", reconciliation::startRun)
        .api(
            "GET",
            "/api/v1/admin/reconciliation/runs/{runId}/corrections",
            reconciliation::corrections)
        .api("GET", "/api/v1/admin/reconciliation/jobs/{jobId}", reconciliation::job)
        .api("POST", "/api/v1/admin/sql", sql::query);
  }

  private void routeQuery(QueryApi query) {
    UnaryOperator<ApiHandler> perKey = queryRateLimit();
    router
        .api("GET", "/api/v1/ads", perKey.apply(query::ads))
        .api("GET", "/api/v1/ads/{adId}/metrics", perKey.apply(query::adMetrics))
        .api(
            "GET",
            "/api/v1/advertisers/{advertiserId}/metrics",
            perKey.apply(query::advertiserMetrics))
        .api("GET", "/api/v1/advertisers/{advertiserId}/ads", perKey.apply(query::adTotals));
  }

  private EmbeddedAggregation startJob(String bootstrap, String storeUri, Path dataDir)
      throws Exception {
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
    return EmbeddedAggregation.start(
        settings, config.job(), dataDir.resolve("checkpoints"), dataDir.resolve("job-state"));
  }

  /**
   * What this server's roles need to be usable: the registry answering for every role; Kafka
   * answering and the spool below 90% of its limit (past it a burst of spooled clicks would be
   * refused) for the click path, the store answering for the query and admin sides, and the job
   * running when it runs here.
   */
  private Readiness readiness(
      Roles roles,
      KafkaReachability kafka,
      MetricsStore store,
      AdRegistry registry,
      SpoolingClickLog clickLog) {
    List<Readiness.Check> checks = new ArrayList<>();
    // Every role reads ads or keys; id 0 is never an advertiser, so this is one round trip.
    checks.add(Readiness.Check.answers("registry", () -> registry.advertiser(0)));
    if (roles.serves(Role.CLICK)) {
      long spoolLimit = config.spoolMaxBytes();
      checks.add(new Readiness.Check("kafka", kafka::problem));
      checks.add(
          new Readiness.Check(
              "spool",
              () ->
                  clickLog.spoolBytes() < spoolLimit / 10 * 9
                      ? Optional.empty()
                      : Optional.of(
                          "holds " + clickLog.spoolBytes() + " of its " + spoolLimit + " bytes")));
    }
    if (store != null) {
      checks.add(Readiness.Check.answers("store", store::completeThrough));
    }
    if (roles.isAll()) {
      checks.add(new Readiness.Check("job", this::jobProblem));
    }
    return new Readiness(checks);
  }

  private Optional<String> jobProblem() {
    EmbeddedAggregation job = aggregation;
    if (job == null) {
      return Optional.of("starting");
    }
    return job.isRunning() ? Optional.empty() : Optional.of("the job is " + job.status());
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
