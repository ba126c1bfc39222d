package io.adclick.bench;

import io.adclick.app.embedded.JobStateBackend;
import java.time.Duration;

/**
 * One benchmark run.
 *
 * @param partitions of the clicks topic; the job reads them with {@code parallelism} subtasks
 * @param checkpointInterval as the server's {@code --checkpoint-interval}
 * @param compression the filling producer's compression.type
 * @param timeout bounds the whole run, fill to restore
 * @param keep leave the temporary directory (broker log, checkpoints, store) for inspection
 */
record BenchSettings(
    ClickPlan plan,
    int partitions,
    int parallelism,
    JobStateBackend stateBackend,
    Duration checkpointInterval,
    String compression,
    Duration timeout,
    boolean keep) {}
