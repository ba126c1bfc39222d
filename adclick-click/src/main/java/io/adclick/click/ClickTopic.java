package io.adclick.click;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the clicks topic when it does not exist yet, so the same start-up works anywhere. */
public final class ClickTopic {
  private static final Logger LOG = LoggerFactory.getLogger(ClickTopic.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private ClickTopic() {}

  /**
   * Idempotently creates the topic with this many partitions and the production defaults scaled to
   * the cluster's size ({@link TopicSettings#forCluster}), then waits until it is visible. An
   * existing topic is left as it is.
   */
  public static void ensure(String bootstrapServers, String topic, int partitions)
      throws Exception {
    try (Admin admin = admin(bootstrapServers)) {
      int brokers =
          admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
      TopicSettings settings = TopicSettings.forCluster(partitions, brokers);
      if (settings.replication() < TopicSettings.DEFAULT_REPLICATION) {
        LOG.warn(
            "{} broker(s): topic {} gets {} cop(ies) of each partition, fewer than the {} a"
                + " production cluster should keep",
            brokers,
            topic,
            settings.replication(),
            TopicSettings.DEFAULT_REPLICATION);
      }
      ensure(admin, topic, settings);
    }
  }

  /**
   * Idempotently creates the topic as {@code settings} say, then waits until it is visible. An
   * existing topic is left as it is.
   *
   * @return whether this call created it
   * @throws ExecutionException from Kafka, e.g. for a replication factor above the brokers there
   *     are
   */
  public static boolean ensure(String bootstrapServers, String topic, TopicSettings settings)
      throws Exception {
    try (Admin admin = admin(bootstrapServers)) {
      return ensure(admin, topic, settings);
    }
  }

  private static boolean ensure(Admin admin, String topic, TopicSettings settings)
      throws Exception {
    boolean created = false;
    try {
      NewTopic newTopic =
          new NewTopic(topic, settings.partitions(), (short) settings.replication())
              .configs(
                  Map.of(
                      TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                      String.valueOf(settings.minInsyncReplicas()),
                      TopicConfig.RETENTION_MS_CONFIG,
                      String.valueOf(settings.retention().toMillis())));
      admin.createTopics(List.of(newTopic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      created = true;
      LOG.info(
          "created Kafka topic {}: {} partitions, replication {}, min.insync.replicas {},"
              + " retention {}",
          topic,
          settings.partitions(),
          settings.replication(),
          settings.minInsyncReplicas(),
          settings.retention());
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
    awaitVisible(admin, topic);
    return created;
  }

  private static void awaitVisible(Admin admin, String topic) throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (true) {
      try {
        admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException | TimeoutException e) {
        if (Instant.now().isAfter(deadline)) {
          throw new TimeoutException("topic " + topic + " did not become visible: " + e);
        }
      }
      Thread.sleep(50);
    }
  }

  private static Admin admin(String bootstrapServers) {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            AdminClientConfig.CLIENT_ID_CONFIG,
            "adclick-topic-setup",
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            (int) TIMEOUT.toMillis()));
  }
}
