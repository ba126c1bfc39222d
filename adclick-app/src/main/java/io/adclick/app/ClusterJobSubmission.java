package io.adclick.app;

import io.adclick.stream.ClickAggregationJob;
import io.adclick.stream.JobSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Submits the aggregation job to a session cluster: the job graph is built here from the same
 * classes as the job jar, which is shipped with it for the cluster to load the job's code from.
 */
final class ClusterJobSubmission {
  private static final long CALL_TIMEOUT_SECONDS = 30;
  private static final long POLL_MILLIS = 500;

  private final FlinkAddress address;
  private final Path jobJar;
  private final PrintWriter out;

  ClusterJobSubmission(FlinkAddress address, Path jobJar, PrintWriter out) {
    this.address = address;
    this.jobJar = jobJar;
    this.out = out;
  }

  /** True once every task of the job runs; false if refused, failed, or not running in time. */
  boolean submit(String name, JobSettings settings, ClusterJobConfig config, Duration wait)
      throws Exception {
    try (RestClusterClient<StandaloneClusterId> rest = restClient()) {
      Optional<JobStatusMessage> existing;
      try {
        existing = activeJobNamed(rest, name);
      } catch (ExecutionException | TimeoutException e) {
        Throwable cause = e instanceof ExecutionException ? rootCause(e) : e;
        out.printf("cannot reach Flink's REST API at %s: %s%n", address, cause);
        out.flush();
        return false;
      }
      if (existing.isPresent()) {
        out.printf(
            "%s is already %s on %s as job %s; cancel it first (a second copy would count every"
                + " click twice)%n",
            name, existing.get().getJobState(), address, existing.get().getJobId());
        out.flush();
        return false;
      }
      JobID id = submitGraph(name, settings, config);
      out.printf("submitted %s to %s as job %s%n", name, address, id);
      out.flush();
      return awaitRunning(rest, id, wait);
    }
  }

  private JobID submitGraph(String name, JobSettings settings, ClusterJobConfig config)
      throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment(
            address.host(), address.port(), config.flinkConfiguration(), jobJar.toString());
    env.setParallelism(config.parallelism());
    ClickAggregationJob.build(env, settings);
    JobClient job = env.executeAsync(name);
    return job.getJobID();
  }

  private boolean awaitRunning(RestClusterClient<StandaloneClusterId> rest, JobID id, Duration wait)
      throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    String last = "unknown";
    while (System.nanoTime() < deadline) {
      JobDetailsInfo details = rest.getJobDetails(id).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      JobStatus status = details.getJobStatus();
      if (status.isGloballyTerminalState() || status == JobStatus.FAILING) {
        out.printf("job %s is %s; see the JobManager's log for why%n", id, status);
        out.flush();
        return false;
      }
      long running =
          details.getJobVertexInfos().stream()
              .filter(v -> v.getExecutionState() == ExecutionState.RUNNING)
              .count();
      int vertices = details.getJobVertexInfos().size();
      if (status == JobStatus.RUNNING && running == vertices) {
        out.printf("job %s is running (%d tasks)%n", id, vertices);
        out.flush();
        return true;
      }
      last = status + ", " + running + "/" + vertices + " tasks running";
      Thread.sleep(POLL_MILLIS); // polling a remote cluster, not synchronising threads
    }
    out.printf("job %s did not start running within %s (%s)%n", id, wait, last);
    out.flush();
    return false;
  }

  private static Optional<JobStatusMessage> activeJobNamed(
      RestClusterClient<StandaloneClusterId> rest, String name) throws Exception {
    return rest.listJobs().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
        .filter(job -> name.equals(job.getJobName()))
        .filter(job -> !job.getJobState().isGloballyTerminalState())
        .findFirst();
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  private RestClusterClient<StandaloneClusterId> restClient() throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestOptions.ADDRESS, address.host());
    conf.set(RestOptions.PORT, address.port());
    // A cluster that is not there is reported in seconds, not after Flink's 20 retries.
    conf.set(RestOptions.RETRY_MAX_ATTEMPTS, 2);
    conf.set(RestOptions.RETRY_DELAY, Duration.ofMillis(500));
    conf.set(RestOptions.CONNECTION_TIMEOUT, Duration.ofSeconds(5));
    return new RestClusterClient<>(conf, StandaloneClusterId.getInstance());
  }
}
