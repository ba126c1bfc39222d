package io.adclick.bench;

import java.time.Duration;

/**
 * How fast the job drained the pre-filled topic.
 *
 * @param sinceSubmit from submitting the job (MiniCluster start included) until every click reached
 *     dedup and every first click reached the counter
 * @param sinceFirstClick the same end, from the first click seen at dedup: the steady rate
 * @param untilStored from submitting until the store's totals were exact: adds the counter's flush
 *     interval and the timers the watermark's leap to the wall clock fires after the catch-up
 */
record ConsumeResult(
    Duration sinceSubmit,
    Duration sinceFirstClick,
    Duration untilStored,
    JobProgress progress,
    CountCheck check) {}
