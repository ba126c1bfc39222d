package io.adclick.click;

import java.time.Duration;

/**
 * How a click topic is created: its partitions, how many brokers hold each partition, how many of
 * those must have a write before it is acknowledged, and how long Kafka keeps it.
 *
 * <p>Retention bounds what a job restored from an old checkpoint, or reconciliation's check of the
 * archive against the topic, can read again; 7 days covers a long weekend of a stopped job.
 */
public record TopicSettings(
    int partitions, int replication, int minInsyncReplicas, Duration retention) {

  /** Production defaults: 3 copies, 2 of them acknowledging each write, 7 days. */
  public static final int DEFAULT_REPLICATION = 3;

  public static final int DEFAULT_MIN_INSYNC = 2;
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  public TopicSettings {
    if (partitions < 1 || replication < 1 || minInsyncReplicas < 1) {
      throw new IllegalArgumentException(
          "partitions, replication and min.insync.replicas must be at least 1");
    }
    if (minInsyncReplicas > replication) {
      throw new IllegalArgumentException(
          "min.insync.replicas "
              + minInsyncReplicas
              + " exceeds the replication factor "
              + replication
              + ": no write could ever be acknowledged");
    }
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive");
    }
  }

  /**
   * The production defaults scaled down to a smaller cluster: as many copies as there are brokers
   * up to 3, and 2 acknowledging once there are 3 (with 2 copies, requiring both would stop writes
   * whenever either broker is down).
   */
  public static TopicSettings forCluster(int partitions, int brokers) {
    int replication = Math.max(1, Math.min(DEFAULT_REPLICATION, brokers));
    int minInsync = replication >= DEFAULT_REPLICATION ? DEFAULT_MIN_INSYNC : 1;
    return new TopicSettings(partitions, replication, minInsync, DEFAULT_RETENTION);
  }
}
