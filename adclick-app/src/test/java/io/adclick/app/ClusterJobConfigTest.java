package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adclick.app.embedded.JobStateBackend;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.junit.jupiter.api.Test;

class ClusterJobConfigTest {

  private static ClusterJobConfig config(String checkpoints, Optional<String> restoreFrom) {
    return new ClusterJobConfig(
        checkpoints, Duration.ofSeconds(5), 4, JobStateBackend.FORST, restoreFrom);
  }

  @Test
  void checkpointsGoToTheGivenUriAndAreKeptWhenTheJobIsCancelled() {
    Configuration conf = config("s3://bucket/ckpt", Optional.empty()).flinkConfiguration();

    assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("s3://bucket/ckpt");
    assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(conf.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
        .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    assertThat(conf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
    assertThat(conf.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("forst");
    assertThat(conf.get(PipelineOptions.MAX_PARALLELISM))
        .isEqualTo(ClusterJobConfig.MAX_PARALLELISM);
    assertThat(conf.contains(StateRecoveryOptions.SAVEPOINT_PATH)).isFalse();
  }

  @Test
  void aJobStartsFromTheGivenCheckpointOrSavepoint() {
    Configuration conf =
        config("file:///shared/ckpt", Optional.of("file:///shared/ckpt/abc/chk-7"))
            .flinkConfiguration();

    assertThat(conf.get(StateRecoveryOptions.SAVEPOINT_PATH))
        .isEqualTo("file:///shared/ckpt/abc/chk-7");
  }

  @Test
  void aCheckpointLocationThatIsNotAUriIsRefused() {
    assertThatThrownBy(() -> config("/tmp/ckpt", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--checkpoints must be a URI");
  }

  @Test
  void parallelismBeyondTheKeyGroupsIsRefused() {
    assertThatThrownBy(
            () ->
                new ClusterJobConfig(
                    "file:///c",
                    Duration.ofSeconds(5),
                    ClusterJobConfig.MAX_PARALLELISM + 1,
                    JobStateBackend.HASHMAP,
                    Optional.empty()))
        .hasMessageContaining("--parallelism must be 1..128");
  }
}
