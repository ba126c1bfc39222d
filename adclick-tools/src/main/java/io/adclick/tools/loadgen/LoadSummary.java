package io.adclick.tools.loadgen;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The outcome of a run, for people and for scripts: a few readable lines (one per click target
 * among them), then one {@code LOADGEN key=value ...} line.
 */
record LoadSummary(
    double targetRate,
    double seconds,
    long starved,
    int reconnects,
    LoadStats.Snapshot stats,
    List<TargetCounts.Count> targets) {

  double achievedRate() {
    return stats.sent() / Math.max(seconds, 1e-9);
  }

  /** Every click answered as it should be: 302, or 400 for forged tokens. */
  boolean clean() {
    return stats.unexpected() == 0
        && stats.errors() == 0
        && stats.timeouts() == 0
        && stats.unsent() == 0;
  }

  void print(PrintWriter out) {
    LoadStats.Snapshot s = stats;
    Histogram h = s.total();
    out.printf(
        Locale.ROOT,
        "sent %,d in %.1f s (%,.0f/s achieved, %,.0f/s target); %,d duplicates, %,d forged%n",
        s.sent(),
        seconds,
        achievedRate(),
        targetRate,
        s.duplicates(),
        s.forged());
    out.printf(
        Locale.ROOT,
        "answers: 302 %,d  4xx %,d (forged rejected %,d)  5xx %,d  other %,d;"
            + "  errors %,d  timeouts %,d  unsent %,d;  unexpected %,d%n",
        s.redirects(),
        s.clientErrors(),
        s.forgedRejected(),
        s.serverErrors(),
        s.otherStatus(),
        s.errors(),
        s.timeouts(),
        s.unsent(),
        s.unexpected());
    for (TargetCounts.Count t : targets) {
      out.printf(
          Locale.ROOT,
          "click target %s: sent %,d  answered %,d%n",
          t.target(),
          t.sent(),
          t.answered());
    }
    out.printf(
        Locale.ROOT,
        "latency from intended send time: p50 %s  p90 %s  p99 %s  p99.9 %s  max %s%n",
        millis(h.getValueAtPercentile(50)),
        millis(h.getValueAtPercentile(90)),
        millis(h.getValueAtPercentile(99)),
        millis(h.getValueAtPercentile(99.9)),
        millis(h.getMaxValue()));
    if (starved > 0) {
      out.printf(
          Locale.ROOT,
          "minting fell behind: %,d clicks repeated an impression instead of a fresh one%n",
          starved);
    }
    out.printf(
        Locale.ROOT,
        "LOADGEN rate=%.0f achieved=%.0f seconds=%.1f sent=%d redirected=%d client_errors=%d"
            + " server_errors=%d other=%d errors=%d timeouts=%d unsent=%d forged=%d"
            + " forged_rejected=%d duplicates=%d starved=%d unexpected=%d reconnects=%d"
            + " p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d%n",
        targetRate,
        achievedRate(),
        seconds,
        s.sent(),
        s.redirects(),
        s.clientErrors(),
        s.serverErrors(),
        s.otherStatus(),
        s.errors(),
        s.timeouts(),
        s.unsent(),
        s.forged(),
        s.forgedRejected(),
        s.duplicates(),
        starved,
        s.unexpected(),
        reconnects,
        h.getValueAtPercentile(50),
        h.getValueAtPercentile(90),
        h.getValueAtPercentile(99),
        h.getValueAtPercentile(99.9),
        h.getMaxValue());
    out.flush();
  }

  static String millis(long micros) {
    return String.format(Locale.ROOT, "%.2fms", micros / 1000.0);
  }
}
