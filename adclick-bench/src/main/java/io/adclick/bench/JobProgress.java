package io.adclick.bench;

/**
 * How far one run of the job got, from its own operator counters (summed over subtasks).
 *
 * @param consumed clicks that reached dedup: read from Kafka, decoded, filtered and shuffled by
 *     impression (every benchmark click is a candidate, so this is every click read)
 * @param firstClicks clicks dedup let through that reached the counter
 * @param duplicates repeats dedup dropped
 * @param late clicks dedup found past their correction horizon (the benchmark expects none)
 */
record JobProgress(long consumed, long firstClicks, long duplicates, long late) {}
