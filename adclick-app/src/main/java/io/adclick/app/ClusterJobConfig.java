package io.adclick.app;

import io.adclick.app.embedded.JobCheckpointing;
import io.adclick.app.embedded.JobStateBackend;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;

/**
 * How the aggregation job runs on a Flink cluster: the job-level settings {@code adclick job
 * submit} sends with it. The cluster's own configuration (memory, slots, high availability) stays
 * the cluster's.
 *
 * @param checkpoints where checkpoints go: any Flink filesystem URI ({@code file:///shared/ckpt},
 *     {@code s3://bucket/ckpt}); every TaskManager and the JobManager must reach it
 * @param checkpointInterval bounds how much of the log is replayed after a failure
 * @param parallelism subtasks per operator; at most the clicks topic's partitions is useful
 * @param stateBackend where keyed state (dedup marks, open buckets) lives
 * @param restoreFrom a checkpoint or savepoint to start from, e.g. after an upgrade
 */
record ClusterJobConfig(
    String checkpoints,
    Duration checkpointInterval,
    int parallelism,
    JobStateBackend stateBackend,
    Optional<String> restoreFrom) {

  /** Key groups: fixed before the first checkpoint so the job can be rescaled up to this. */
  static final int MAX_PARALLELISM = JobCheckpointing.MAX_PARALLELISM;

  ClusterJobConfig {
    if (checkpoints == null || checkpoints.isBlank() || !checkpoints.contains(":/")) {
      throw new IllegalArgumentException(
          "--checkpoints must be a URI every Flink process reaches, e.g. file:///shared/checkpoints"
              + " or s3://bucket/checkpoints");
    }
    if (checkpointInterval.toMillis() < 10) {
      throw new IllegalArgumentException("--checkpoint-interval must be at least 10ms");
    }
    if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
      throw new IllegalArgumentException("--parallelism must be 1.." + MAX_PARALLELISM);
    }
  }

  ClusterJobConfig restoringFrom(String path) {
    return new ClusterJobConfig(
        checkpoints, checkpointInterval, parallelism, stateBackend, Optional.of(path));
  }

  /** Flink's settings for the job: they travel with the job graph and win over the cluster's. */
  Configuration flinkConfiguration() {
    Configuration conf = new Configuration();
    JobCheckpointing.configure(conf, stateBackend, checkpoints, checkpointInterval);
    restoreFrom.ifPresent(path -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path));
    return conf;
  }
}
