package io.adclick.bench;

import java.time.Duration;

/**
 * Restarting the job from its last checkpoint.
 *
 * @param untilRunning from the start call until Flink reports the job RUNNING
 * @param untilProbed from the start call until both probe clicks were through dedup: the state is
 *     restored and the job is processing again
 * @param progress the restarted job's counters: exactly one duplicate (the repeat was recognised by
 *     the restored state) and one first click
 * @param check the store's totals including the probe's new impression
 */
record RestoreResult(
    Duration untilRunning, Duration untilProbed, JobProgress progress, CountCheck check) {
  boolean passed() {
    return check.passed() && progress.duplicates() == 1 && progress.firstClicks() == 1;
  }
}
