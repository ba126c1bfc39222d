package io.adclick.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobSettingsTest {

  @Test
  void defaults() {
    JobSettings s = JobSettings.defaults("localhost:9092", "rocksdb:/tmp/m", "/tmp/lake");

    assertThat(s.topic()).isEqualTo("clicks");
    assertThat(s.lakeUri()).isEqualTo("/tmp/lake");
    assertThat(s.flushInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.maxOutOfOrderness()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.allowedLateness()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.idleTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.tokenLifetime()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void readsArguments() {
    JobSettings s =
        JobSettings.fromArgs(
            new String[] {
              "--bootstrap",
              "kafka:9092",
              "--store",
              "rocksdb:/data/m",
              "--lake",
              "s3://b/lake",
              "--topic",
              "c2",
              "--group",
              "g",
              "--flush-interval",
              "2s",
              "--token-lifetime",
              "12h",
              "--allowed-lateness",
              "500ms",
              "--correction-horizon",
              "2m"
            });

    assertThat(s)
        .isEqualTo(
            new JobSettings(
                "kafka:9092",
                "c2",
                "g",
                "rocksdb:/data/m",
                "s3://b/lake",
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Duration.ofMillis(500),
                Duration.ofMinutes(2),
                Duration.ofSeconds(3),
                Duration.ofHours(12)));
  }

  @Test
  void rejectsMissingOrMalformedArguments() {
    assertThatThrownBy(() -> JobSettings.fromArgs(new String[] {"--store", "rocksdb:/m"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--bootstrap");
    assertThatThrownBy(
            () -> JobSettings.fromArgs(new String[] {"--bootstrap", "k:1", "--store", "s"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--lake");
    assertThatThrownBy(
            () ->
                JobSettings.fromArgs(
                    new String[] {
                      "--bootstrap", "k:1", "--store", "s", "--lake", "l", "--idle-timeout", "soon"
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--idle-timeout");
    assertThatThrownBy(
            () ->
                JobSettings.fromArgs(
                    new String[] {
                      "--bootstrap", "k:1", "--store", "s", "--lake", "l", "--flush-interval", "0s"
                    }))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
