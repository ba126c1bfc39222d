package io.adclick.app;

import io.adclick.event.ClickEventCodec;
import io.adclick.stream.LoggedClick;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a clicks topic whole, as the log holds it: every record with its partition and offset. */
final class TopicClicks {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private TopicClicks() {}

  /** How many records the topic holds: the sum of its partitions' end offsets. */
  static long count(String bootstrap, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
      return consumer.endOffsets(partitions(consumer, topic), DEADLINE).values().stream()
          .mapToLong(Long::longValue)
          .sum();
    }
  }

  /** Every record from the start of each partition up to its end offset as of this call. */
  static List<LoggedClick> readAll(String bootstrap, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, DEADLINE));
      List<LoggedClick> out = new ArrayList<>();
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end within " + DEADLINE);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
            out.add(new LoggedClick(ClickEventCodec.decode(r.value()), r.partition(), r.offset()));
          }
        }
      }
      return out;
    }
  }

  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo p : consumer.partitionsFor(topic, DEADLINE)) {
      partitions.add(new TopicPartition(topic, p.partition()));
    }
    return partitions;
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            // Only what producers committed, as the job's source reads it.
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed");
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
