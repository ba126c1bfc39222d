package io.adclick.app;

import io.adclick.stream.ClickAggregationJob;
import io.adclick.stream.JobSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
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
    try (FlinkSession flink = FlinkSession.connect(address)) {
      Optional<JobStatusMessage> existing = flink.activeJobNamed(name);
      if (existing.isPresent()) {
        out.printf(
            "%s is already %s on %s as job %s; stop it first (a second copy would count every"
                + " click twice)%n",
            name, existing.get().getJobState(), address, existing.get().getJobId());
        out.flush();
        return false;
      }
      JobID id = submitGraph(name, settings, config);
      out.printf("submitted %s to %s as job %s%n", name, address, id);
      out.flush();
      return awaitRunning(flink, id, wait);
    } catch (FlinkSession.UnreachableException e) {
      out.println(e.getMessage());
      out.flush();
      return false;
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

  private boolean awaitRunning(FlinkSession flink, JobID id, Duration wait) throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    String last = "unknown";
    while (System.nanoTime() < deadline) {
      JobDetailsInfo details = flink.details(id);
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
}
