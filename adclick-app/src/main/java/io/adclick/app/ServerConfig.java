package io.adclick.app;

import io.adclick.click.LinkPreviewAgents;
import io.adclick.http.HttpLimits;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the all-in-one server is configured with.
 *
 * @param kafkaBootstrap an external Kafka cluster, or null to start the embedded broker
 * @param publicUrl base of minted click links, or null for the listen address
 * @param logAckTimeout how long a click waits for Kafka's acknowledgement before it is spooled to
 *     local disk instead
 * @param spoolMaxBytes disk the click spool may use before clicks are refused (503)
 * @param previewAgents User-Agent substrings of link-preview fetchers, whose clicks never count
 * @param httpLimits request size limits and the idle timeout of the HTTP server
 */
public record ServerConfig(
    String bindAddress,
    int port,
    Path dataDir,
    String kafkaBootstrap,
    String publicUrl,
    String topic,
    int partitions,
    int jobParallelism,
    Duration tokenLifetime,
    Duration flushInterval,
    Duration checkpointInterval,
    Duration logAckTimeout,
    long spoolMaxBytes,
    LinkPreviewAgents previewAgents,
    HttpLimits httpLimits) {

  public static final Duration DEFAULT_LOG_ACK_TIMEOUT = Duration.ofMillis(50);
  public static final long DEFAULT_SPOOL_MAX_BYTES = 1L << 30;
}
