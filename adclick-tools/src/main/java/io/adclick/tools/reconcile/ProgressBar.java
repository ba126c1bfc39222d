package io.adclick.tools.reconcile;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A reconciliation's progress on stderr: on a terminal one bar redrawn in place, elsewhere (CI
 * logs, pipes) a plain line each time the figure changes, so logs stay readable.
 */
final class ProgressBar {
  private static final int WIDTH = 30;

  private final PrintWriter out;
  private final boolean terminal;
  private String last = "";

  ProgressBar(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** Shows {@code done} of {@code total} minutes compared. */
  void show(long done, long total) {
    double fraction = total == 0 ? 1 : Math.min(1, (double) done / total);
    String figures =
        String.format(
            Locale.ROOT, "%3.0f%%  %,d/%,d minutes compared", 100 * fraction, done, total);
    if (figures.equals(last)) {
      return;
    }
    last = figures;
    if (terminal) {
      int filled = (int) Math.round(fraction * WIDTH);
      out.print(
          "\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + figures + "\u001b[K");
    } else {
      out.println(figures);
    }
    out.flush();
  }

  /** Ends the in-place line so that what follows starts on its own. */
  void finish() {
    if (terminal && !last.isEmpty()) {
      out.println();
      out.flush();
    }
  }
}
