package io.adclick.app.embedded;

import io.adclick.stream.ClickAggregationJob;
import io.adclick.stream.JobSettings;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.state.forst.ForStConfigurableOptions;
import org.apache.flink.state.forst.ForStOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the aggregation job on a Flink MiniCluster inside this JVM, resuming from the newest
 * checkpoint a previous run left. The job itself ({@link ClickAggregationJob}) knows nothing of
 * this: the same class runs unchanged on a Flink cluster.
 */
public final class EmbeddedAggregation implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedAggregation.class);

  /** RAM for the on-disk state's cache and write buffers, shared by all subtasks. */
  static final MemorySize MANAGED_MEMORY = MemorySize.parse("128m");

  private final JobClient job;

  private EmbeddedAggregation(JobClient job) {
    this.job = job;
  }

  /**
   * @param stateDir working directory of the on-disk state backend: scratch space, rebuilt from the
   *     checkpoint on every start
   */
  public static EmbeddedAggregation start(
      JobSettings settings, JobRuntime runtime, Path checkpointsDir, Path stateDir)
      throws Exception {
    return start(settings, runtime, checkpointsDir, stateDir, new Configuration());
  }

  /**
   * Like {@link #start(JobSettings, JobRuntime, Path, Path)}, with Flink settings added on top of
   * the server's: the benchmark uses this to attach an in-process metrics reporter, so it measures
   * the very job the server runs.
   */
  public static EmbeddedAggregation start(
      JobSettings settings,
      JobRuntime runtime,
      Path checkpointsDir,
      Path stateDir,
      Configuration extra)
      throws Exception {
    Optional<Path> restoreFrom = LatestCheckpoint.in(checkpointsDir);
    LatestCheckpoint.deleteAllBut(checkpointsDir, restoreFrom);
    Configuration conf = configuration(runtime, checkpointsDir, stateDir);
    conf.addAll(extra);
    restoreFrom.ifPresent(
        checkpoint -> {
          LOG.info("resuming the aggregation job from {}", checkpoint);
          conf.set(StateRecoveryOptions.SAVEPOINT_PATH, checkpoint.toUri().toString());
        });
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
    env.setParallelism(runtime.parallelism());
    ClickAggregationJob.build(env, settings);
    return new EmbeddedAggregation(env.executeAsync("adclick-aggregation"));
  }

  static Configuration configuration(JobRuntime runtime, Path checkpointsDir, Path stateDir) {
    Configuration conf = new Configuration();
    JobCheckpointing.configure(
        conf,
        runtime.stateBackend(),
        checkpointsDir.toUri().toString(),
        runtime.checkpointInterval());
    if (runtime.stateBackend() == JobStateBackend.FORST) {
      onDiskState(conf, stateDir);
    } else {
      // Heap state needs no managed memory.
      conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("16m"));
    }
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, runtime.parallelism());
    // Network buffers for a handful of local channels.
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("32m"));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("32m"));
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_PORT, "0");
    return conf;
  }

  /**
   * ForSt (Flink's RocksDB successor) on local disk. Its block cache and write buffers come out of
   * Flink's managed memory, shared by all slots: that fixed amount, not the number of impressions,
   * is what the state costs in RAM; entries that do not fit are read from local SSD (a cache miss
   * costs one read of a 4 KiB block). Checkpoints are incremental ({@link JobCheckpointing}): only
   * the files written since the previous one are uploaded, so checkpoint time follows the click
   * rate.
   */
  private static void onDiskState(Configuration conf, Path stateDir) {
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MANAGED_MEMORY);
    conf.set(ForStOptions.LOCAL_DIRECTORIES, stateDir.toString());
    // ForSt's own info log, next to its files rather than in the process's working directory.
    conf.set(ForStConfigurableOptions.LOG_DIR, stateDir.resolve("logs").toString());
  }

  /** Flink's id of this run; each start is a new job. */
  public JobID jobId() {
    return job.getJobID();
  }

  /** True once the job is running (its tasks deployed and consuming). */
  public boolean isRunning() {
    try {
      return job.getJobStatus().get(2, TimeUnit.SECONDS) == JobStatus.RUNNING;
    } catch (Exception e) {
      return false;
    }
  }

  public String status() {
    try {
      return job.getJobStatus().get(2, TimeUnit.SECONDS).name();
    } catch (Exception e) {
      return "UNKNOWN";
    }
  }

  /**
   * Cancels the job. Its retained checkpoints stay, and the next start resumes from the newest;
   * anything after it is replayed from Kafka.
   */
  @Override
  public void close() {
    try {
      job.cancel().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("the aggregation job did not cancel cleanly: {}", e.toString());
    }
  }
}
