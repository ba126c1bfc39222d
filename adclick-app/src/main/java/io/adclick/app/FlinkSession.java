package io.adclick.app;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;

/** The calls {@code adclick job} makes to a Flink cluster's REST API. */
final class FlinkSession implements AutoCloseable {
  private static final long CALL_TIMEOUT_SECONDS = 30;

  private final FlinkAddress address;
  private final RestClusterClient<StandaloneClusterId> rest;

  private FlinkSession(FlinkAddress address, RestClusterClient<StandaloneClusterId> rest) {
    this.address = address;
    this.rest = rest;
  }

  static FlinkSession connect(FlinkAddress address) throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestOptions.ADDRESS, address.host());
    conf.set(RestOptions.PORT, address.port());
    // A cluster that is not there is reported in seconds, not after Flink's 20 retries.
    conf.set(RestOptions.RETRY_MAX_ATTEMPTS, 2);
    conf.set(RestOptions.RETRY_DELAY, Duration.ofMillis(500));
    conf.set(RestOptions.CONNECTION_TIMEOUT, Duration.ofSeconds(5));
    return new FlinkSession(
        address, new RestClusterClient<>(conf, StandaloneClusterId.getInstance()));
  }

  /**
   * The job of that name that has not ended (running, restarting, ...), if any.
   *
   * @throws UnreachableException when the cluster does not answer
   */
  Optional<JobStatusMessage> activeJobNamed(String name) throws InterruptedException {
    try {
      return rest.listJobs().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
          .filter(job -> name.equals(job.getJobName()))
          .filter(job -> !job.getJobState().isGloballyTerminalState())
          .findFirst();
    } catch (ExecutionException | TimeoutException e) {
      throw new UnreachableException(
          "cannot reach Flink's REST API at "
              + address
              + ": "
              + (e instanceof ExecutionException ? rootCause(e) : e));
    }
  }

  JobDetailsInfo details(JobID id) throws Exception {
    return rest.getJobDetails(id).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * Stops the job with a savepoint, without draining: open buckets stay open in the savepoint and
   * go on counting when the job is started from it. The savepoint is in the state backend's native
   * format: ForSt (the default backend) takes no canonical savepoints in Flink 2.2, and a failed
   * stop-with-savepoint restarts the job.
   *
   * @param directory where the savepoint goes; null for the cluster's configured directory
   * @return the savepoint's path
   */
  String stopWithSavepoint(JobID id, String directory, Duration wait) throws Exception {
    try {
      return rest.stopWithSavepoint(id, false, directory, SavepointFormatType.NATIVE)
          .get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Flink did not take the savepoint: " + rootCause(e).getMessage(), e);
    }
  }

  @Override
  public void close() {
    rest.close();
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** The cluster did not answer; the message says where and why. */
  static final class UnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnreachableException(String message) {
      super(message);
    }
  }
}
