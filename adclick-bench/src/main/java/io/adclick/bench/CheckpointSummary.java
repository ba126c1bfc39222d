package io.adclick.bench;

import java.time.Duration;
import java.util.List;

/**
 * The checkpoints of the consuming run.
 *
 * @param last the first checkpoint triggered once the store was exact: it holds every dedup key
 * @param bytesOnDisk the checkpoint directory after it: the retained checkpoints and the shared
 *     incremental files they refer to
 */
record CheckpointSummary(
    int count, Duration p50, Duration max, CheckpointTrace last, long bytesOnDisk) {

  static CheckpointSummary of(List<CheckpointTrace> all, CheckpointTrace last, long bytesOnDisk) {
    List<Duration> durations = all.stream().map(CheckpointTrace::duration).sorted().toList();
    return new CheckpointSummary(
        durations.size(),
        durations.get((durations.size() - 1) / 2),
        durations.get(durations.size() - 1),
        last,
        bytesOnDisk);
  }
}
