package io.adclick.app.embedded;

import java.time.Duration;

/**
 * How the embedded aggregation job runs (what it computes is {@code JobSettings}).
 *
 * @param parallelism subtasks per operator
 * @param checkpointInterval how often state and Kafka offsets are checkpointed; bounds the replay
 *     after a crash
 * @param stateBackend where keyed state lives
 */
public record JobRuntime(
    int parallelism, Duration checkpointInterval, JobStateBackend stateBackend) {
  public JobRuntime {
    if (parallelism < 1 || parallelism > JobCheckpointing.MAX_PARALLELISM) {
      throw new IllegalArgumentException(
          "job parallelism must be 1.." + JobCheckpointing.MAX_PARALLELISM);
    }
    if (checkpointInterval.toMillis() < 10) {
      throw new IllegalArgumentException("checkpoint interval must be at least 10 ms");
    }
  }
}
