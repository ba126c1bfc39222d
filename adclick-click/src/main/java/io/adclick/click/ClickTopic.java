package io.adclick.click;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the clicks topic when it does not exist yet, so the same start-up works anywhere. */
public final class ClickTopic {
  private static final Logger LOG = LoggerFactory.getLogger(ClickTopic.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private ClickTopic() {}

  /**
   * Idempotently creates the topic with this many partitions and the cluster's default replication,
   * then waits until it is visible. An existing topic is left as it is.
   */
  public static void ensure(String bootstrapServers, String topic, int partitions)
      throws Exception {
    try (Admin admin = admin(bootstrapServers)) {
      try {
        admin
            .createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
            .all()
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("created Kafka topic {} with {} partitions", topic, partitions);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      awaitVisible(admin, topic);
    }
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
