package io.adclick.click;

import io.adclick.event.ClickEvent;
import io.adclick.event.ClickEventCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends clicks to a Kafka topic keyed by ad, so one ad's clicks keep their order in one
 * partition. Acknowledged means written to all in-sync replicas by an idempotent producer: a
 * retried send can never duplicate a click in the log.
 */
public final class KafkaClickLog implements ClickLog {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaClickLog.class);
  private static final Duration WARM_UP = Duration.ofSeconds(30);

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final Timer sendLatency;
  private final Counter sendErrors;

  public KafkaClickLog(String bootstrapServers, String topic) {
    // An empty composite registry: its meters record nothing.
    this(bootstrapServers, topic, new CompositeMeterRegistry());
  }

  /**
   * @param meters gets {@code adclick_kafka_send_seconds} (send to ack, acknowledged sends) and
   *     {@code adclick_kafka_send_errors_total} (sends failed or refused); untagged, one series
   *     each
   */
  public KafkaClickLog(String bootstrapServers, String topic, MeterRegistry meters) {
    this.topic = topic;
    this.sendLatency =
        Timer.builder("adclick.kafka.send")
            .description("From a click handed to the producer to Kafka's ack (acks=all)")
            .serviceLevelObjectives(ClickMeters.REDIRECT_BUCKETS)
            .register(meters);
    this.sendErrors =
        Counter.builder("adclick.kafka.send.errors")
            .description("Clicks the producer failed to send or refused at once")
            .register(meters);
    this.producer = new KafkaProducer<>(settings(bootstrapServers));
    warmUp();
  }

  /**
   * Fetches the topic's metadata now, so the first click does not wait for it. Each attempt is
   * bounded by the short blocking limit meant for the event loop, which a busy machine or a broker
   * still starting can exceed, so it retries for a while; if Kafka stays unreachable the server
   * starts anyway and clicks go to the spool until it is back.
   */
  private void warmUp() {
    long deadline = System.nanoTime() + WARM_UP.toNanos();
    while (true) {
      try {
        producer.partitionsFor(topic);
        return;
      } catch (TimeoutException e) {
        if (System.nanoTime() > deadline) {
          LOG.warn("Kafka did not answer within {}; clicks are spooled until it does", WARM_UP);
          return;
        }
      }
    }
  }

  static Properties settings(String bootstrapServers) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    // The user waits for the ack, so wait at most 1 ms to fill a batch: at 10k clicks/s that
    // gathers ~10 clicks per produce request, and the broker's cost is per request.
    p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    // A click is ~60 bytes and batches are small: compression would cost more CPU (producer,
    // broker, consumer) than it saves.
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    // send() runs on the HTTP event loop; it must never block there for long.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 200);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofSeconds(30).toMillis());
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Duration.ofSeconds(10).toMillis());
    return p;
  }

  @Override
  public CompletionStage<Void> append(ClickEvent click) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    long start = System.nanoTime();
    try {
      producer.send(
          new ProducerRecord<>(topic, ClickEventCodec.key(click), ClickEventCodec.encode(click)),
          (metadata, error) -> {
            // Recorded before completing, so whoever sees the ack sees it measured.
            if (error == null) {
              sendLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
              acked.complete(null);
            } else {
              sendErrors.increment();
              acked.completeExceptionally(error);
            }
          });
    } catch (RuntimeException e) {
      sendErrors.increment();
      acked.completeExceptionally(e);
    }
    return acked;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
