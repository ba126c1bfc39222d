package io.adclick.app;

import io.adclick.app.embedded.JobRuntime;
import io.adclick.app.embedded.JobStateBackend;
import io.adclick.click.HotAds;
import io.adclick.click.LinkPreviewAgents;
import io.adclick.http.HttpLimits;
import io.adclick.store.Retention;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code adclick serve}: the all-in-one server, running until interrupted. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Run Kafka, the Flink job, the store and the HTTP APIs in this process (--role all), or"
            + " one or more roles of a scaled-out deployment.")
final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--role",
      defaultValue = "${env:ADCLICK_ROLE:-all}",
      description =
          "What this process does: all (everything embedded), or any of click, query and admin,"
              + " comma-separated; split roles need --kafka, a clickhouse:// --store and a"
              + " postgresql:// --registry (env ADCLICK_ROLE, default ${DEFAULT-VALUE}).")
  String role;

  @Option(
      names = "--registry",
      defaultValue = "${env:ADCLICK_REGISTRY}",
      description =
          "Ad registry: postgresql://user@host:port/database (password from"
              + " ADCLICK_REGISTRY_PASSWORD); unset keeps it in RocksDB under the data directory.")
  String registry;

  @Option(
      names = "--ad-cache-staleness",
      defaultValue = "${env:ADCLICK_AD_CACHE_STALENESS:-10s}",
      converter = DurationConverter.class,
      description =
          "How long a process serves a cached ad or API key before reading the registry again: a"
              + " paused ad or a changed target URL takes effect everywhere within this (env"
              + " ADCLICK_AD_CACHE_STALENESS, default ${DEFAULT-VALUE}).")
  Duration adCacheStaleness;

  @Option(
      names = "--port",
      defaultValue = "${env:ADCLICK_PORT:-8080}",
      description = "HTTP port (env ADCLICK_PORT, default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "${env:ADCLICK_BIND:-127.0.0.1}",
      description = "Address to listen on (env ADCLICK_BIND, default ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:ADCLICK_DATA_DIR:-./data}",
      description = "Where everything is kept (env ADCLICK_DATA_DIR, default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--kafka",
      defaultValue = "${env:ADCLICK_KAFKA_BOOTSTRAP}",
      description = "External Kafka bootstrap servers; unset starts an embedded broker.")
  String kafka;

  @Option(
      names = "--store",
      defaultValue = "${env:ADCLICK_STORE}",
      description =
          "Metrics store: clickhouse://host:port/database (credentials from"
              + " ADCLICK_CLICKHOUSE_USER/ADCLICK_CLICKHOUSE_PASSWORD) or rocksdb:<directory>"
              + " (default: rocksdb:<data-dir>/metrics).")
  String store;

  @Option(
      names = "--lake",
      defaultValue = "${env:ADCLICK_LAKE}",
      description =
          "Data lake where every logged click is archived as Parquet: a directory or any Flink"
              + " filesystem URI, e.g. s3://bucket/lake (default: <data-dir>/lake).")
  String lake;

  @Option(
      names = "--public-url",
      defaultValue = "${env:ADCLICK_PUBLIC_URL}",
      description = "Base URL of minted click links (default: the listen address).")
  String publicUrl;

  @Option(
      names = "--partitions",
      defaultValue = "${env:ADCLICK_PARTITIONS:-4}",
      description = "Partitions of the clicks topic when created (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--token-lifetime",
      defaultValue = "${env:ADCLICK_TOKEN_LIFETIME:-24h}",
      converter = DurationConverter.class,
      description = "How long a click link counts (default ${DEFAULT-VALUE}).")
  Duration tokenLifetime;

  @Option(
      names = "--flush-interval",
      defaultValue = "${env:ADCLICK_FLUSH_INTERVAL:-5s}",
      converter = DurationConverter.class,
      description = "How often partial counts are published (default ${DEFAULT-VALUE}).")
  Duration flushInterval;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "${env:ADCLICK_CHECKPOINT_INTERVAL:-5s}",
      converter = DurationConverter.class,
      description = "How often the job checkpoints (default ${DEFAULT-VALUE}).")
  Duration checkpointInterval;

  @Option(
      names = "--job-parallelism",
      defaultValue = "${env:ADCLICK_JOB_PARALLELISM:-2}",
      description = "Parallelism of the embedded Flink job (default ${DEFAULT-VALUE}).")
  int jobParallelism;

  @Option(
      names = "--state-backend",
      defaultValue = "${env:ADCLICK_STATE_BACKEND:-forst}",
      description =
          "Where the job keeps dedup state: forst (on local disk, fixed memory) or hashmap (on the"
              + " heap; grows with live impressions) (default ${DEFAULT-VALUE}).")
  String stateBackend;

  @Option(
      names = "--log-ack-timeout",
      defaultValue = "${env:ADCLICK_LOG_ACK_TIMEOUT:-150ms}",
      converter = DurationConverter.class,
      description =
          "How long a click waits for Kafka before it is spooled to disk (default ${DEFAULT-VALUE}).")
  Duration logAckTimeout;

  @Option(
      names = "--spool-max-mb",
      defaultValue = "${env:ADCLICK_SPOOL_MAX_MB:-1024}",
      description = "Disk the click spool may use, in MiB (default ${DEFAULT-VALUE}).")
  long spoolMaxMb;

  @Option(
      names = "--preview-agents",
      defaultValue = "${env:ADCLICK_PREVIEW_AGENTS}",
      description =
          "Comma-separated User-Agent substrings of link-preview fetchers, matched ignoring case;"
              + " their clicks are redirected, never counted. 'default' stands for the built-in"
              + " list (Slackbot, Twitterbot, facebookexternalhit, ...), 'none' disables it"
              + " (default: the built-in list).")
  String previewAgents;

  @Option(
      names = "--hot-ad-threshold",
      defaultValue = "${env:ADCLICK_HOT_AD_THRESHOLD:-1000}",
      description =
          "Clicks per second of one ad (on this click service) above which its clicks are spread"
              + " over several Kafka partitions and counting keys; 0 turns this off"
              + " (default ${DEFAULT-VALUE}).")
  int hotAdThreshold;

  @Option(
      names = "--hot-ad-salts",
      defaultValue = "${env:ADCLICK_HOT_AD_SALTS:-8}",
      description =
          "How many keys a hot ad's clicks are spread over, 1..64 (default ${DEFAULT-VALUE}).")
  int hotAdSalts;

  @Option(
      names = "--idle-timeout",
      defaultValue = "${env:ADCLICK_IDLE_TIMEOUT:-30s}",
      converter = DurationConverter.class,
      description =
          "Close HTTP connections that send and receive nothing for this long"
              + " (default ${DEFAULT-VALUE}).")
  Duration idleTimeout;

  @Option(
      names = "--retention-minutes",
      defaultValue = "${env:ADCLICK_RETENTION_MINUTES:-30d}",
      converter = DurationConverter.class,
      description = "How long minute buckets are kept (default ${DEFAULT-VALUE}).")
  Duration retentionMinutes;

  @Option(
      names = "--retention-hours",
      defaultValue = "${env:ADCLICK_RETENTION_HOURS:-730d}",
      converter = DurationConverter.class,
      description = "How long hour buckets are kept (default ${DEFAULT-VALUE}).")
  Duration retentionHours;

  @Option(
      names = "--retention-days",
      defaultValue = "${env:ADCLICK_RETENTION_DAYS:-730d}",
      converter = DurationConverter.class,
      description = "How long day buckets are kept (default ${DEFAULT-VALUE}).")
  Duration retentionDays;

  @Option(
      names = "--lake-retention",
      defaultValue = "${env:ADCLICK_LAKE_RETENTION:-0}",
      converter = DurationConverter.class,
      description =
          "How long the data lake keeps raw clicks, whole hours at a time, checked hourly; 0 keeps"
              + " them forever. At least the token lifetime plus a day, since reconciliation reads"
              + " that far back. Applied to a lake in a local folder only (default ${DEFAULT-VALUE}).")
  Duration lakeRetention;

  @Option(
      names = "--query-rate-limit",
      defaultValue = "${env:ADCLICK_QUERY_RATE_LIMIT:-20}",
      description =
          "Requests per second each API key may send to the query endpoints, in bursts of twice"
              + " that; beyond it 429 with Retry-After; 0 for no limit (default ${DEFAULT-VALUE}).")
  double queryRateLimit;

  @Option(
      names = "--reconcile-every",
      defaultValue = "${env:ADCLICK_RECONCILE_EVERY:-1h}",
      converter = DurationConverter.class,
      description =
          "How often the closed hours not yet reconciled are recounted from the lake and"
              + " repaired in the store; 0 turns the schedule off (`adclick reconcile` still"
              + " works) (env ADCLICK_RECONCILE_EVERY, default ${DEFAULT-VALUE}).")
  Duration reconcileEvery;

  @Option(
      names = "--duckdb-memory-mb",
      defaultValue = "${env:ADCLICK_DUCKDB_MEMORY_MB:-2048}",
      description =
          "DuckDB's memory limit in MiB for a reconciliation's recount (spilling to"
              + " <data-dir>/tmp/duckdb beyond it) and for `adclick sql`"
              + " (env ADCLICK_DUCKDB_MEMORY_MB, default ${DEFAULT-VALUE}).")
  int duckDbMemoryMb;

  @Override
  public Integer call() throws Exception {
    Roles roles;
    try {
      ServerConfig.requireLakeRetentionCovers(lakeRetention, tokenLifetime);
      roles = Roles.parse(role);
      List<String> problems =
          roles.problemsWith(blankToNull(kafka), blankToNull(store), blankToNull(registry));
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("--role " + roles + ": " + String.join("; ", problems));
      }
    } catch (IllegalArgumentException e) {
      // Fine alone but not together: reported as picocli reports a bad option.
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    ServerConfig config =
        new ServerConfig(
            bind,
            port,
            dataDir,
            blankToNull(kafka),
            blankToNull(store),
            blankToNull(lake),
            blankToNull(publicUrl),
            "clicks",
            partitions,
            new JobRuntime(jobParallelism, checkpointInterval, JobStateBackend.parse(stateBackend)),
            tokenLifetime,
            flushInterval,
            logAckTimeout,
            spoolMaxMb * 1024 * 1024,
            LinkPreviewAgents.parse(previewAgents),
            new HotAds.Settings(hotAdThreshold, hotAdSalts, HotAds.Settings.defaults().cooldown()),
            HttpLimits.defaults().withIdleTimeout(idleTimeout),
            new Retention(retentionMinutes, retentionHours, retentionDays),
            lakeRetention,
            queryRateLimit,
            reconcileEvery,
            duckDbMemoryMb,
            roles,
            blankToNull(registry),
            adCacheStaleness);
    AllInOneServer server = AllInOneServer.start(config, System.getenv());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "adclick-shutdown"));
    stopped.await();
    return 0;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
