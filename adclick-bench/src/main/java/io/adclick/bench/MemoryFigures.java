package io.adclick.bench;

/**
 * Memory of the benchmark process (broker, MiniCluster, store and producer in one JVM).
 *
 * @param liveHeapBytes heap in use right after a full GC once the job caught up: what the state
 *     costs on the heap
 * @param peakHeapBytes highest heap in use seen at a progress line, garbage included
 * @param rssBytes resident memory once the job caught up
 * @param peakRssBytes highest resident memory of the whole run, restore included
 */
record MemoryFigures(long liveHeapBytes, long peakHeapBytes, long rssBytes, long peakRssBytes) {}
