package io.adclick.app;

import io.adclick.app.embedded.EmbeddedAggregation;
import io.adclick.app.embedded.EmbeddedKafkaBroker;
import io.adclick.app.embedded.JobRuntime;
import io.adclick.app.embedded.JobStateBackend;
import io.adclick.click.ClickTopic;
import io.adclick.event.ClickEvent;
import io.adclick.event.ClickEventCodec;
import io.adclick.stream.JobSettings;
import io.adclick.stream.LoggedClick;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The real aggregation job on a broker and a MiniCluster in the test JVM, with its RocksDB store
 * and its lake in a data directory: clicks go in through the clicks topic (two partitions) exactly
 * as the click service logs them, and come out in the store and the archive. Checkpoints every 2 s.
 */
final class EmbeddedPipeline implements AutoCloseable {
  private final EmbeddedKafkaBroker kafka;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Path dataDir;
  private EmbeddedAggregation job;

  private EmbeddedPipeline(
      EmbeddedKafkaBroker kafka, KafkaProducer<byte[], byte[]> producer, Path dataDir) {
    this.kafka = kafka;
    this.producer = producer;
    this.dataDir = dataDir;
  }

  static EmbeddedPipeline start(Path kafkaDir, Path dataDir) throws Exception {
    EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(kafkaDir, 0);
    EmbeddedPipeline pipeline = null;
    try {
      String bootstrap = kafka.bootstrapServers();
      ClickTopic.ensure(bootstrap, JobSettings.DEFAULT_TOPIC, 2);
      ClickTopic.ensure(bootstrap, JobSettings.lateTopicOf(JobSettings.DEFAULT_TOPIC), 2);
      pipeline = new EmbeddedPipeline(kafka, producer(bootstrap), dataDir);
      JobSettings settings =
          JobSettings.defaults(
              bootstrap, "rocksdb:" + pipeline.storeDir(), pipeline.lake().toString());
      pipeline.job =
          EmbeddedAggregation.start(
              settings,
              new JobRuntime(2, Duration.ofSeconds(2), JobStateBackend.HASHMAP),
              dataDir.resolve("checkpoints"),
              dataDir.resolve("job-state"));
      return pipeline;
    } catch (Exception | Error e) {
      if (pipeline != null) {
        pipeline.close();
      } else {
        kafka.close();
      }
      throw e;
    }
  }

  /** The archive's root folder. */
  Path lake() {
    return dataDir.resolve("lake");
  }

  /** The job's RocksDB metrics store. */
  Path storeDir() {
    return dataDir.resolve("metrics");
  }

  /** Logs a click and returns it with the partition and offset Kafka gave it (keyed by its ad). */
  LoggedClick produce(ClickEvent click) throws Exception {
    RecordMetadata sent =
        producer
            .send(
                new ProducerRecord<>(
                    JobSettings.DEFAULT_TOPIC,
                    ClickEventCodec.key(click.adId()),
                    ClickEventCodec.encode(click)))
            .get();
    return new LoggedClick(click, sent.partition(), sent.offset());
  }

  /** The job's status, e.g. RUNNING. */
  String jobStatus() {
    return job.status();
  }

  /** Cancels the job (its store handle closes with it); the broker stays up. */
  void stopJob() {
    if (job != null) {
      job.close();
      job = null;
    }
  }

  /** The number of the newest completed checkpoint, 0 if none. */
  long newestCheckpoint() throws IOException {
    Path checkpoints = dataDir.resolve("checkpoints");
    if (!Files.isDirectory(checkpoints)) {
      return 0;
    }
    try (Stream<Path> dirs = Files.walk(checkpoints, 2)) {
      return dirs.filter(p -> Files.exists(p.resolve("_metadata")))
          .map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith("chk-"))
          .mapToLong(name -> Long.parseLong(name.substring("chk-".length())))
          .max()
          .orElse(0);
    }
  }

  @Override
  public void close() {
    try {
      stopJob();
      producer.close();
    } finally {
      kafka.close();
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
