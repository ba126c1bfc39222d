package io.adclick.app.embedded;

import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;

/**
 * How the aggregation job keeps its state and checkpoints, the same on the embedded MiniCluster and
 * on a Flink cluster ({@code adclick job submit}).
 */
public final class JobCheckpointing {

  /** Key groups of the job's state: the most subtasks it can ever be rescaled to. */
  public static final int MAX_PARALLELISM = 128;

  /** Checkpoints kept per job: one to restore from, one being written. */
  static final int RETAINED_CHECKPOINTS = 2;

  private JobCheckpointing() {}

  /**
   * Exactly-once checkpoints every {@code interval} into {@code location} (any Flink filesystem
   * URI), kept when the job is cancelled so the next run can start from them; incremental with
   * ForSt.
   */
  public static void configure(
      Configuration conf, JobStateBackend backend, String location, Duration interval) {
    conf.set(StateBackendOptions.STATE_BACKEND, backend.flinkName());
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, location);
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
    conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, RETAINED_CHECKPOINTS);
    if (backend == JobStateBackend.FORST) {
      conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    }
    // Fixed before the first checkpoint so a cluster at higher parallelism can restore the state.
    conf.set(PipelineOptions.MAX_PARALLELISM, MAX_PARALLELISM);
  }
}
