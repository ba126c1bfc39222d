package io.adclick.app;

import io.adclick.app.embedded.JobRuntime;
import io.adclick.click.HotAds;
import io.adclick.click.LinkPreviewAgents;
import io.adclick.http.HttpLimits;
import io.adclick.reconcile.LakeRetention;
import io.adclick.reconcile.LocalLake;
import io.adclick.store.Retention;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the all-in-one server is configured with.
 *
 * @param kafkaBootstrap an external Kafka cluster, or null to start the embedded broker
 * @param storeUri the metrics store for the job and the query API (see {@code MetricsStores.open}),
 *     or null for RocksDB under the data directory
 * @param lakeUri where the job archives every click as Parquet (a Flink filesystem path or URI,
 *     e.g. {@code s3://bucket/lake}), or null for the folder {@code lake} under the data directory
 * @param job how the embedded aggregation job runs
 * @param publicUrl base of minted click links, or null for the listen address
 * @param logAckTimeout how long a click waits for Kafka's acknowledgement before it is spooled to
 *     local disk instead
 * @param spoolMaxBytes disk the click spool may use before clicks are refused (503)
 * @param previewAgents User-Agent substrings of link-preview fetchers, whose clicks never count
 * @param hotAds when an ad's clicks are spread over several keys
 * @param httpLimits request size limits and the idle timeout of the HTTP server
 * @param retention how long the metrics store keeps minute, hour and day buckets
 * @param lakeRetention how long the data lake keeps an hour of raw clicks, {@link
 *     LakeRetention#KEEP_FOREVER} (zero) for ever; otherwise at least {@link
 *     LakeRetention#minimumFor} the token lifetime, so that reconciliation finds what it reads
 * @param queryRateLimit requests per second each API key may send to the query endpoints (bursts of
 *     twice that); 0 for no limit
 * @param reconcileEvery how often the closed hours not yet reconciled are; zero for never (runs on
 *     demand still work)
 * @param duckDbMemoryMb DuckDB's memory limit for a reconciliation's recount (it spills to {@code
 *     <data-dir>/tmp/duckdb} beyond it) and for a query over the lake
 * @param roles what this process does: everything embedded ({@link Roles#ALL}) or split roles
 * @param registryUri the ad registry ({@code postgresql://...}), or null for RocksDB under the data
 *     directory
 * @param adCacheStaleness how long a node serves a cached ad or API key before reading it again: a
 *     paused ad or a changed target URL takes effect on every node within this
 */
public record ServerConfig(
    String bindAddress,
    int port,
    Path dataDir,
    String kafkaBootstrap,
    String storeUri,
    String lakeUri,
    String publicUrl,
    String topic,
    int partitions,
    JobRuntime job,
    Duration tokenLifetime,
    Duration flushInterval,
    Duration logAckTimeout,
    long spoolMaxBytes,
    LinkPreviewAgents previewAgents,
    HotAds.Settings hotAds,
    HttpLimits httpLimits,
    Retention retention,
    Duration lakeRetention,
    double queryRateLimit,
    Duration reconcileEvery,
    int duckDbMemoryMb,
    Roles roles,
    String registryUri,
    Duration adCacheStaleness) {

  public ServerConfig {
    requireLakeRetentionCovers(lakeRetention, tokenLifetime);
  }

  // Above the ack tail of the embedded broker at 10k clicks/s on 2 cores (GC pauses of 10-80 ms):
  // at 50 ms the spool took over 15 times per 30 s of normal peak load (bench/click-vs-nginx.sh).
  public static final Duration DEFAULT_LOG_ACK_TIMEOUT = Duration.ofMillis(150);
  public static final long DEFAULT_SPOOL_MAX_BYTES = 1L << 30;
  public static final Duration DEFAULT_RECONCILE_EVERY = Duration.ofHours(1);
  public static final int DEFAULT_DUCKDB_MEMORY_MB = 2048;

  /**
   * Refuses a lake retention (other than keep forever) shorter than the token lifetime plus a day:
   * reconciliation reads one token lifetime before the hours it recounts.
   */
  static void requireLakeRetentionCovers(Duration lakeRetention, Duration tokenLifetime) {
    Duration minimum = LakeRetention.minimumFor(tokenLifetime);
    if (!lakeRetention.isZero() && lakeRetention.compareTo(minimum) < 0) {
      throw new IllegalArgumentException(
          "--lake-retention "
              + lakeRetention
              + " is shorter than the token lifetime plus a day ("
              + minimum
              + "): reconciliation reads one token lifetime before the hours it recounts");
    }
  }

  /** The store URI to open: the configured one, or RocksDB in {@code dataDir/metrics}. */
  public String storeUriOr(Path dataDir) {
    return storeUri != null ? storeUri : "rocksdb:" + dataDir.resolve("metrics");
  }

  /** The lake to archive clicks to: the configured one, or the folder {@code dataDir/lake}. */
  public String lakeUriOr(Path dataDir) {
    return lakeUri != null ? lakeUri : dataDir.resolve("lake").toString();
  }

  /**
   * The lake as a folder on this machine (a path, or a {@code file:} URI), or empty when it is on
   * another filesystem such as {@code s3://}.
   */
  public Optional<Path> localLakeOr(Path dataDir) {
    return LocalLake.folderOf(lakeUriOr(dataDir));
  }
}
