package io.adclick.bench;

import java.time.Duration;

/**
 * One completed checkpoint as Flink traced it.
 *
 * @param duration from trigger to the last acknowledgement
 * @param fullBytes size of the whole state the checkpoint refers to
 * @param uploadedBytes bytes this checkpoint wrote (incremental: only new files)
 */
record CheckpointTrace(
    long id, long triggeredAtMillis, Duration duration, long fullBytes, long uploadedBytes) {}
