package io.adclick.app;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether the Kafka cluster answers, for readiness: asks for its nodes with a short timeout, at
 * most once per {@link #CACHE_FOR} (a probe storm from several load balancers costs one call), on
 * the caller's thread (readiness runs on a worker thread, never the event loop).
 */
final class KafkaReachability implements AutoCloseable {

  static final Duration CACHE_FOR = Duration.ofSeconds(2);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final Admin admin;
  private final Clock clock;
  private boolean asked;
  private long askedAt;
  private Optional<String> last = Optional.empty();

  KafkaReachability(String bootstrapServers, Clock clock) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    this.admin = Admin.create(p);
    this.clock = clock;
  }

  /** Empty when the cluster answered within the timeout, else why not. */
  synchronized Optional<String> problem() {
    if (asked && clock.millis() - askedAt < CACHE_FOR.toMillis()) {
      return last;
    }
    last = ask();
    asked = true;
    askedAt = clock.millis();
    return last;
  }

  private Optional<String> ask() {
    try {
      int nodes =
          admin
              .describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
              .nodes()
              .get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS)
              .size();
      return nodes > 0 ? Optional.empty() : Optional.of("the cluster lists no brokers");
    } catch (TimeoutException e) {
      return Optional.of("no answer within " + TIMEOUT.toSeconds() + " s");
    } catch (ExecutionException e) {
      return Optional.of("unreachable (" + e.getCause().getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
