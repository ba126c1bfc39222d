package io.adclick.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Prints a progress line every few seconds during long phases, each with the machine's load and
 * this process's memory, and keeps the highest load seen for the summary.
 */
final class Progress {
  private final PrintWriter out;
  private final Ticker ticker;
  private double maxLoad = -1;
  private long peakHeap;

  Progress(PrintWriter out, Duration every) {
    this.out = out;
    this.ticker = new Ticker(every);
  }

  /** Prints the line if one is due; the supplier is only called then. */
  void tick(Supplier<String> line) {
    if (ticker.due()) {
      print(line.get());
    }
  }

  void print(String line) {
    double load = Machine.loadAverage();
    maxLoad = Math.max(maxLoad, load);
    long heap = Machine.heapUsedBytes();
    peakHeap = Math.max(peakHeap, heap);
    out.printf(
        "%s  | load %.2f  heap %d MiB  RSS %d MiB%n",
        line, load, heap >> 20, Machine.rssBytes() >> 20);
    out.flush();
  }

  /** Highest one-minute load average seen at a progress line. */
  double maxLoad() {
    return maxLoad;
  }

  /** Highest heap in use seen at a progress line (not a live-set measure: garbage included). */
  long peakHeapBytes() {
    return peakHeap;
  }
}
