package io.adclick.stream;

import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * The data lake's raw record: every click the job reads, counted or not, as Parquet under {@code
 * <lake>/dt=YYYY-MM-DD/hour=HH/} ({@link HourPartition}), exactly once.
 *
 * <p>Exactly once: Flink's {@link FileSink} writes each part file as a hidden in-progress file,
 * closes it at a checkpoint barrier and renames it to its final name only when that checkpoint
 * completes; a restore discards in-progress files and replays Kafka from the checkpoint's offsets,
 * which are the same offsets whose clicks the committed files hold. So a reader that ignores names
 * starting with {@code .} sees each logged click once. Late clicks (past the correction horizon)
 * are here too, since every read click is.
 *
 * <p>Rolling: bulk formats can only roll on checkpoints (a Parquet file is only readable once its
 * footer is written), so each subtask writes one file per hour folder it touched per checkpoint.
 * Trade-off: a short checkpoint interval (5 s embedded) keeps results fresh but makes many small
 * files, about 720 per subtask and hour at a steady rate (at 100M clicks a day, ~6k rows and some
 * 100 KB each). Readers pay per file: a design-point day's recount took 196 s over them and 81 s
 * over one file an hour (bench/reconcile.sh), so once an hour is closed reconciliation merges its
 * files into one before reading them ({@code LakeCompaction} in adclick-reconcile); on a cluster a
 * longer interval also trades freshness back for fewer files.
 *
 * <p>State bound: the sink's state is the list of open and pending files, one per hour folder a
 * subtask wrote to since the last checkpoint (normally one or two; a replayed backlog or late
 * clicks add one per extra hour). Memory: each open file buffers its rows (compressed pages) until
 * the checkpoint closes it, so a few hundred KB per open hour at the design rate.
 */
final class ClickArchive {

  static final String PART_PREFIX = "clicks";
  static final String PART_SUFFIX = ".parquet";

  private ClickArchive() {}

  static FileSink<LoggedClick> sink(JobSettings settings) {
    return FileSink.forBulkFormat(new Path(settings.lakeUri()), ArchiveParquet.writerFactory())
        .withBucketAssigner(new HourPartition())
        .withRollingPolicy(OnCheckpointRollingPolicy.build())
        .withOutputFileConfig(
            OutputFileConfig.builder()
                .withPartPrefix(PART_PREFIX)
                .withPartSuffix(PART_SUFFIX)
                .build())
        .build();
  }
}
