package io.adclick.bench;

import io.adclick.app.embedded.JobRuntime;
import java.time.Duration;

/**
 * One benchmark run.
 *
 * @param partitions of the clicks topic; the job reads them with {@code runtime.parallelism()}
 *     subtasks
 * @param runtime how the job runs, as the server's {@code --job-parallelism}, {@code
 *     --checkpoint-interval} and {@code --state-backend}
 * @param compression the filling producer's compression.type
 * @param timeout bounds the whole run, fill to restore
 */
record BenchSettings(
    ClickPlan plan, int partitions, JobRuntime runtime, String compression, Duration timeout) {}
