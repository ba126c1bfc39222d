package io.adclick.app.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adclick.click.ClickTopic;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {
  private static final String TOPIC = "clicks";
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir Path dataDir;

  @Test
  void keepsTopicsAndRecordsAcrossARestart() throws Exception {
    Set<Thread> threadsBefore = liveThreads();
    List<String> sent = IntStream.range(0, 10).mapToObj(i -> "click-" + i).toList();
    int firstPort;

    Instant coldStart = Instant.now();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
      report("cold start (format + start)", coldStart);
      assertThat(broker.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
      firstPort = port(broker);

      ClickTopic.ensure(broker.bootstrapServers(), TOPIC, 2);
      ClickTopic.ensure(broker.bootstrapServers(), TOPIC, 2);
      assertThat(partitionCount(broker, TOPIC)).isEqualTo(2);

      produceIdempotently(broker, sent);
      assertThat(consume(broker, TOPIC, "first-run", sent.size()))
          .containsExactlyInAnyOrderElementsOf(sent);

      Instant closing = Instant.now();
      broker.close();
      report("close", closing);
      // The try-with-resources closes it a second time, which must be harmless.
    }
    assertThat(dataDir.resolve("kafka-logs/meta.properties")).exists();
    String clusterId = Files.readString(dataDir.resolve("kafka-logs/meta.properties"));
    assertPortReleased(firstPort);

    Instant restart = Instant.now();
    int secondPort;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
      report("restart", restart);
      secondPort = port(broker);
      assertThat(partitionCount(broker, TOPIC)).isEqualTo(2);
      assertThat(consume(broker, TOPIC, "second-run", sent.size()))
          .containsExactlyInAnyOrderElementsOf(sent);
    }
    assertThat(Files.readString(dataDir.resolve("kafka-logs/meta.properties")))
        .isEqualTo(clusterId);
    assertPortReleased(secondPort);
    assertNoThreadsLeftBehind(threadsBefore);
  }

  @Test
  void readCommittedConsumersSeeOnlyCommittedTransactions() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
      ClickTopic.ensure(broker.bootstrapServers(), "txn", 1);
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(
              producerConfig(broker, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-txn")))) {
        producer.initTransactions();
        sendInTransaction(producer, "committed-1", true);
        sendInTransaction(producer, "aborted", false);
        sendInTransaction(producer, "committed-2", true);
      }
      // committed-2 follows the aborted record in the log, so seeing it proves the skip.
      assertThat(consume(broker, "txn", "txn-reader", 2))
          .containsExactly("committed-1", "committed-2");
    }
  }

  @Test
  void startFailsClearlyWhenThePortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dataDir, taken.getLocalPort()).close())
          .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
    // The refused start left nothing behind that would block a later one.
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
      ClickTopic.ensure(broker.bootstrapServers(), "after-failure", 1);
    }
  }

  @Test
  void refusesASecondBrokerOnTheSameDataDir() throws Exception {
    try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(dataDir, 0)) {
      ClickTopic.ensure(first.bootstrapServers(), TOPIC, 1);
      Set<Thread> threadsBefore = liveThreads();

      assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dataDir, 0).close())
          .hasMessageContaining("is in use by another embedded Kafka broker");

      assertNoThreadsLeftBehind(threadsBefore);
      // The failed second broker must not have disturbed the first one.
      assertThat(partitionCount(first, TOPIC)).isEqualTo(1);
    }
  }

  private static void sendInTransaction(
      KafkaProducer<String, String> producer, String value, boolean commit) throws Exception {
    producer.beginTransaction();
    producer.send(new ProducerRecord<>("txn", value, value)).get(30, TimeUnit.SECONDS);
    if (commit) {
      producer.commitTransaction();
    } else {
      producer.abortTransaction();
    }
  }

  private static void produceIdempotently(EmbeddedKafkaBroker broker, List<String> values)
      throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerConfig(broker, Map.of()))) {
      for (String value : values) {
        producer.send(new ProducerRecord<>(TOPIC, value, value)).get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static Properties producerConfig(EmbeddedKafkaBroker broker, Map<String, Object> extra) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.putAll(extra);
    return props;
  }

  /** Reads with a consumer group, so offset commits to __consumer_offsets are exercised too. */
  private static List<String> consume(
      EmbeddedKafkaBroker broker, String topic, String group, int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      Instant deadline = Instant.now().plus(DEADLINE);
      while (values.size() < expected && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
      consumer.commitSync(Duration.ofSeconds(10));
    }
    return values;
  }

  private static int partitionCount(EmbeddedKafkaBroker broker, String topic) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      TopicDescription description =
          admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
      return description.partitions().size();
    }
  }

  private static int port(EmbeddedKafkaBroker broker) {
    String servers = broker.bootstrapServers();
    return Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1));
  }

  /** Nothing may keep listening once close() has returned. */
  private static void assertPortReleased(int port) throws IOException {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }

  /** Waits (bounded) for threads that were still winding down, then names any that stayed. */
  private static void assertNoThreadsLeftBehind(Set<Thread> before) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    List<String> leftBehind = newThreads(before);
    while (!leftBehind.isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      leftBehind = newThreads(before);
    }
    assertThat(leftBehind).as("threads still running after close()").isEmpty();
  }

  private static List<String> newThreads(Set<Thread> before) {
    return liveThreads().stream()
        .filter(t -> !before.contains(t))
        .map(Thread::getName)
        // Yammer's metrics ticker is one process-wide daemon by design; the common pool is the
        // JVM's own and idles out by itself.
        .filter(name -> !name.startsWith("metrics-meter-tick-thread"))
        .filter(name -> !name.startsWith("ForkJoinPool.commonPool"))
        .toList();
  }

  private static Set<Thread> liveThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .collect(Collectors.toSet());
  }

  private static void report(String what, Instant since) {
    System.out.printf(
        "EmbeddedKafkaBroker %s took %d ms%n",
        what, Duration.between(since, Instant.now()).toMillis());
  }
}
