package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.app.embedded.EmbeddedKafkaBroker;
import io.adclick.click.ClickTopic;
import io.adclick.click.KafkaClickLog;
import io.adclick.event.ClickEvent;
import io.adclick.event.ClickKind;
import io.adclick.metrics.Metrics;
import io.adclick.token.ImpressionId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka-facing meters against a real embedded broker: the producer's send latency, and the
 * consumer lag gauge computed through the admin client.
 */
class MetricsKafkaIT {
  private static final String TOPIC = "clicks";
  private static final String GROUP = "lag-test";
  private static final int CLICKS = 5;

  @TempDir Path dataDir;

  @Test
  void sendLatencyAndConsumerLagComeFromTheRealBroker() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0);
        Metrics metrics = Metrics.prometheus()) {
      String bootstrap = broker.bootstrapServers();
      ClickTopic.ensure(bootstrap, TOPIC, 2);
      try (KafkaClickLog log = new KafkaClickLog(bootstrap, TOPIC, metrics.registry())) {
        for (int i = 0; i < CLICKS; i++) {
          log.append(click(i)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
      }
      // The group has read nothing of either partition: everything is behind.
      commit(bootstrap, Map.of(new TopicPartition(TOPIC, 0), 0L, new TopicPartition(TOPIC, 1), 0L));

      metrics.watchConsumerLag(bootstrap, GROUP);

      assertThat(metrics.scrape())
          .contains("adclick_kafka_send_seconds_count " + CLICKS)
          .contains("adclick_kafka_send_errors_total 0");
      Eventually.assertThat(
          Duration.ofSeconds(30),
          "the lag gauge shows every click behind",
          () ->
              metrics
                  .scrape()
                  .contains("adclick_consumer_lag_records{group=\"" + GROUP + "\"} " + CLICKS));
    }
  }

  private static void commit(String bootstrap, Map<TopicPartition, Long> offsets) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Map<TopicPartition, OffsetAndMetadata> committed = new java.util.HashMap<>();
      offsets.forEach((tp, offset) -> committed.put(tp, new OffsetAndMetadata(offset)));
      admin.alterConsumerGroupOffsets(GROUP, committed).all().get(30, TimeUnit.SECONDS);
    }
  }

  private static ClickEvent click(long i) {
    return new ClickEvent(i, 1, new ImpressionId(0, i), 1_000 + i, 500, null, ClickKind.CANDIDATE);
  }
}
