package io.adclick.bench;

import io.adclick.event.ClickEvent;
import io.adclick.event.ClickEventCodec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes clicks to the topic as the click service does (key = ad id, {@link ClickEventCodec},
 * idempotent, acks=all) but tuned for bulk: large batches and a few ms of linger, so the fill is
 * limited by the broker, not by request round trips.
 */
final class ClickProducer implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  /**
   * @param compression Kafka's compression.type: none (the default; 60-byte clicks with random
   *     impression ids gain little) or lz4, zstd, ...
   */
  ClickProducer(String bootstrapServers, String topic, String compression) {
    this.topic = topic;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.BATCH_SIZE_CONFIG,
                512 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG,
                64L * 1024 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                compression,
                ProducerConfig.CLIENT_ID_CONFIG,
                "adclick-bench-fill"),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  /** Queues one click; fails fast if an earlier one was refused. */
  void send(ClickEvent click) {
    Exception failed = failure.get();
    if (failed != null) {
      throw new IllegalStateException("the broker refused a click", failed);
    }
    byte[] value = ClickEventCodec.encode(click);
    producer.send(
        new ProducerRecord<>(topic, ClickEventCodec.key(click.adId()), value),
        (metadata, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          } else {
            acknowledged.incrementAndGet();
            bytes.addAndGet(value.length + Long.BYTES);
          }
        });
  }

  /** Waits until every queued click is acknowledged. */
  void flush() {
    producer.flush();
    Exception failed = failure.get();
    if (failed != null) {
      throw new IllegalStateException("the broker refused a click", failed);
    }
  }

  long acknowledged() {
    return acknowledged.get();
  }

  /** Key and value bytes of the acknowledged clicks. */
  long bytes() {
    return bytes.get();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
