package io.adclick.tools.loadgen;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * One progress line a second: on a terminal it rewrites itself in place, elsewhere (CI logs) it is
 * a plain line each time, so logs stay readable.
 */
final class ProgressPrinter {
  private final PrintWriter out;
  private final boolean terminal;
  private long lastSent;
  private long lastNanos;
  private final long startNanos;

  ProgressPrinter(PrintWriter out, boolean terminal, long startNanos) {
    this.out = out;
    this.terminal = terminal;
    this.startNanos = startNanos;
    this.lastNanos = startNanos;
  }

  void print(LoadStats.Snapshot s, long nowNanos) {
    double seconds = Math.max(1e-9, (nowNanos - lastNanos) / 1e9);
    String line =
        String.format(
            Locale.ROOT,
            "%5.0fs  %,8.0f/s  sent %,d  302 %,d  4xx %,d  5xx %,d  err %,d  timeout %,d"
                + "  unsent %,d  p50 %s  p99 %s",
            (nowNanos - startNanos) / 1e9,
            (s.sent() - lastSent) / seconds,
            s.sent(),
            s.redirects(),
            s.clientErrors(),
            s.serverErrors(),
            s.errors(),
            s.timeouts(),
            s.unsent(),
            LoadSummary.millis(s.interval().getValueAtPercentile(50)),
            LoadSummary.millis(s.interval().getValueAtPercentile(99)));
    lastSent = s.sent();
    lastNanos = nowNanos;
    if (terminal) {
      out.print("\r" + line + "\u001b[K");
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** Ends the in-place line so that what follows starts on its own. */
  void finish() {
    if (terminal) {
      out.println();
      out.flush();
    }
  }
}
