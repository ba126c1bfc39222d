package io.adclick.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group is behind: for every partition it has committed an offset for, the
 * partition's latest offset minus the committed one, summed. The aggregation job commits its
 * offsets to Kafka when a checkpoint completes, so this is the lag as of its last checkpoint (up to
 * a checkpoint interval more than the job's live position), which is what a restart would replay.
 *
 * <p>Each call is two admin round trips, each bounded by {@link #TIMEOUT}; {@link Metrics} calls it
 * on its poller thread, never on an event loop.
 */
final class ConsumerLag implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Admin admin;
  private final String group;

  ConsumerLag(Admin admin, String group) {
    this.admin = admin;
    this.group = group;
  }

  static ConsumerLag open(String bootstrapServers, String group) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "adclick-metrics");
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    return new ConsumerLag(Admin.create(p), group);
  }

  /**
   * Records behind, summed over the group's partitions.
   *
   * @throws IllegalStateException when the group has committed nothing yet, or Kafka did not answer
   *     in time: the caller shows "unknown" rather than a made-up number
   */
  long records() {
    Map<TopicPartition, OffsetAndMetadata> committed =
        await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
    Map<TopicPartition, Long> positions =
        committed.entrySet().stream()
            // A partition listed without metadata has no committed offset.
            .filter(e -> e.getValue() != null)
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    if (positions.isEmpty()) {
      throw new IllegalStateException("consumer group " + group + " has committed no offsets yet");
    }
    Map<TopicPartition, OffsetSpec> latest =
        positions.keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResultInfo> ends = await(admin.listOffsets(latest).all());
    return behind(
        positions,
        ends.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset())));
  }

  /**
   * The sum over committed partitions of {@code end - committed}, never negative per partition (an
   * end offset read before a commit that has since moved past it).
   */
  static long behind(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> ends) {
    long total = 0;
    for (Map.Entry<TopicPartition, Long> position : committed.entrySet()) {
      Long end = ends.get(position.getKey());
      if (end == null) {
        throw new IllegalStateException("no end offset for " + position.getKey());
      }
      total += Math.max(0, end - position.getValue());
    }
    return total;
  }

  private static <T> T await(KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking Kafka for offsets", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer the offsets request: " + e, e);
    }
  }

  @Override
  public void close() {
    admin.close(TIMEOUT);
  }
}
