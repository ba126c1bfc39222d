package io.adclick.app;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the all-in-one server is configured with.
 *
 * @param kafkaBootstrap an external Kafka cluster, or null to start the embedded broker
 * @param publicUrl base of minted click links, or null for the listen address
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
    Duration checkpointInterval) {

  public static ServerConfig defaults(Path dataDir) {
    return new ServerConfig(
        "127.0.0.1",
        8080,
        dataDir,
        null,
        null,
        "clicks",
        4,
        2,
        Duration.ofHours(24),
        Duration.ofSeconds(5),
        Duration.ofSeconds(5));
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(
        bindAddress,
        newPort,
        dataDir,
        kafkaBootstrap,
        publicUrl,
        topic,
        partitions,
        jobParallelism,
        tokenLifetime,
        flushInterval,
        checkpointInterval);
  }

  public ServerConfig withFlushInterval(Duration newFlushInterval) {
    return new ServerConfig(
        bindAddress,
        port,
        dataDir,
        kafkaBootstrap,
        publicUrl,
        topic,
        partitions,
        jobParallelism,
        tokenLifetime,
        newFlushInterval,
        checkpointInterval);
  }
}
