package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.app.embedded.EmbeddedKafkaBroker;
import io.adclick.testing.LocalPorts;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness's view of a real broker, up and then gone. */
class KafkaReachabilityIT {

  @TempDir Path dir;

  @Test
  void aBrokerThatAnswersIsReachableAndOneThatIsGoneIsNot() throws Exception {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, LocalPorts.free());
    try (KafkaReachability kafka =
        new KafkaReachability(broker.bootstrapServers(), Clock.systemUTC())) {
      assertThat(kafka.problem()).isEmpty();

      broker.close();

      Eventually.assertThat(
          Duration.ofSeconds(20), "the gone broker is reported", () -> kafka.problem().isPresent());
    } finally {
      broker.close();
    }
  }
}
