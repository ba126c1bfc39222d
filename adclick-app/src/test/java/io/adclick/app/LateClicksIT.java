package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.adclick.app.embedded.EmbeddedKafkaBroker;
import io.adclick.event.ClickEvent;
import io.adclick.event.ClickEventCodec;
import io.adclick.event.ClickKind;
import io.adclick.stream.JobSettings;
import io.adclick.token.ImpressionId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A click that reaches the job after its minute's correction horizon (here: logged three hours
 * after it happened, as a click service's spool might after a long outage) is not counted into a
 * bucket that can no longer be corrected, and is not dropped either: it lands on the late topic,
 * once, for reconciliation.
 */
class LateClicksIT {
  @TempDir Path kafkaDir;
  @TempDir Path dataDir;

  @Test
  void clickPastTheCorrectionHorizonGoesToTheLateTopicOnceAndIsNotCounted() throws Exception {
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(kafkaDir, 0);
        AllInOneServer server = TestConfigs.startHealthy(dataDir, kafka.bootstrapServers())) {
      ApiClient api = new ApiClient(server.baseUrl());
      JsonNode advertiser =
          api.postOk("/api/v1/advertisers", TestConfigs.ADMIN, "{\"name\":\"A\"}");
      long advertiserId = advertiser.get("id").asLong();
      long ad = api.createAd(advertiserId, "https://a.example/");
      long now = System.currentTimeMillis();
      long threeHoursAgo = now - Duration.ofHours(3).toMillis();
      SecureRandom random = new SecureRandom();
      ClickEvent late = click(ad, advertiserId, ImpressionId.random(random), threeHoursAgo);
      ClickEvent onTime = click(ad, advertiserId, ImpressionId.random(random), now);
      produce(kafka.bootstrapServers(), List.of(onTime));

      String key = advertiser.get("apiKey").asText();
      Instant day = Instant.ofEpochMilli(threeHoursAgo).truncatedTo(ChronoUnit.DAYS);
      String hours =
          "/api/v1/ads/"
              + ad
              + "/metrics?granularity=hour&from="
              + day
              + "&to="
              + day.plus(Duration.ofDays(2));
      Eventually.assertThat(
          Duration.ofSeconds(60),
          "the on-time click is counted",
          () -> ApiClient.json(api.get(hours, key)).get("total").asLong() == 1);
      // Once the job's event time has passed the on-time click, a click three hours old is late.
      Eventually.assertThat(
          Duration.ofSeconds(90),
          "the data is complete through the on-time click",
          () -> {
            JsonNode completeThrough = ApiClient.json(api.get(hours, key)).get("completeThrough");
            return !completeThrough.isNull()
                && Instant.parse(completeThrough.asText()).toEpochMilli() > now;
          });
      produce(kafka.bootstrapServers(), List.of(late));
      Eventually.assertThat(
          Duration.ofSeconds(60),
          "the late click is committed to the late topic",
          () -> !readCommitted(kafka.bootstrapServers()).isEmpty());
      JsonNode series = ApiClient.json(api.get(hours, key));
      long lateHour = threeHoursAgo - threeHoursAgo % Duration.ofHours(1).toMillis();
      for (JsonNode bucket : series.get("buckets")) {
        if (Instant.parse(bucket.get("start").asText()).toEpochMilli() == lateHour) {
          assertThat(bucket.get("clicks").asLong()).as("the late click's hour").isZero();
        }
      }
      // Two more checkpoints (two more transactions) later, the topic still holds it exactly once.
      long seen = newestCheckpoint();
      Eventually.assertThat(
          Duration.ofSeconds(30),
          "two more checkpoints complete",
          () -> newestCheckpoint() >= seen + 2);
      assertThat(readCommitted(kafka.bootstrapServers())).containsExactly(late);
    }
  }

  private long newestCheckpoint() throws IOException {
    try (Stream<Path> files = Files.walk(dataDir.resolve("checkpoints"), 2)) {
      return files
          .filter(p -> Files.exists(p.resolve("_metadata")))
          .map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith("chk-"))
          .mapToLong(name -> Long.parseLong(name.substring("chk-".length())))
          .max()
          .orElse(0);
    }
  }

  private static ClickEvent click(long ad, long advertiser, ImpressionId id, long at) {
    return new ClickEvent(ad, advertiser, id, at, at - 1_000, null, ClickKind.CANDIDATE);
  }

  private static void produce(String bootstrap, List<ClickEvent> clicks) throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (ClickEvent click : clicks) {
        producer
            .send(
                new ProducerRecord<>(
                    "clicks", ClickEventCodec.key(click.adId()), ClickEventCodec.encode(click)))
            .get();
      }
    }
  }

  /** Everything committed on the late topic so far, read from the start by a fresh consumer. */
  private static List<ClickEvent> readCommitted(String bootstrap) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed");
    List<ClickEvent> clicks = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(JobSettings.lateTopicOf("clicks")).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // With read_committed, the end offsets stop at the last committed transaction: read to them.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the late topic was not read to its end within 30 s");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          clicks.add(ClickEventCodec.decode(record.value()));
        }
      }
    }
    return clicks;
  }
}
