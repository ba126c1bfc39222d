package io.adclick.tools.loadgen;

import io.adclick.tools.ledger.ClickLedger;
import io.adclick.tools.ledger.LedgerEntry;
import io.adclick.tools.ledger.Outcome;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the clicks: sends click {@code i} when the schedule says, on the calling thread, and has
 * each outcome counted and written to the ledger. Prints progress once a second.
 */
final class LoadGenerator {
  private final LoadSettings settings;
  private final ClickMix mix;
  private final ClickLedger ledger;
  private final PrintWriter out;
  private final boolean terminal;
  private final LoadStats stats = new LoadStats();

  LoadGenerator(
      LoadSettings settings, ClickMix mix, ClickLedger ledger, PrintWriter out, boolean terminal) {
    this.settings = settings;
    this.mix = mix;
    this.ledger = ledger;
    this.out = out;
    this.terminal = terminal;
  }

  LoadSummary run(InetSocketAddress target) throws IOException {
    TimeBase time = TimeBase.now();
    ClickListener listener =
        (click, intended, done, outcome, status) -> {
          stats.completed(click, done - intended, outcome, status);
          ledger.append(
              new LedgerEntry(
                  click.impressionId(),
                  click.adId(),
                  outcome,
                  status,
                  time.toEpochMillis(intended),
                  time.toEpochMillis(done),
                  click.forged(),
                  click.duplicate()));
        };
    ClickClient client =
        new ClickClient(target, settings.connections(), settings.timeoutNanos(), listener);
    client.open(TimeUnit.SECONDS.toNanos(5));
    FixedRateSchedule schedule =
        new FixedRateSchedule(System.nanoTime() + 10_000_000L, settings.rate());
    ProgressPrinter progress = new ProgressPrinter(out, terminal, schedule.startNanos());
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "loadgen-progress");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(
        () -> {
          progress.print(stats.snapshot(), System.nanoTime());
          flushLedger();
        },
        1,
        1,
        TimeUnit.SECONDS);
    long end;
    try {
      for (long i = 0; i < settings.clicks(); i++) {
        long due = schedule.dueNanos(i);
        waitUntil(due);
        send(client, listener, nextClick(), due);
      }
      end = System.nanoTime();
      client.awaitIdle(end + settings.timeoutNanos() + TimeUnit.SECONDS.toNanos(1));
    } finally {
      client.close();
      ticker.shutdownNow();
    }
    try {
      ticker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    progress.finish();
    ledger.flush();
    return new LoadSummary(
        settings.rate(),
        (end - schedule.startNanos()) / 1e9,
        mix.starved(),
        client.reconnects(),
        stats.snapshot());
  }

  private void send(ClickClient client, ClickListener listener, PlannedClick click, long due) {
    stats.sent();
    while (true) {
      switch (client.send(click, due)) {
        case TAKEN:
          return;
        case NO_CONNECTION:
          // The server is down: this click is lost to it, the next ones keep their schedule.
          listener.completed(click, due, System.nanoTime(), Outcome.UNSENT, 0);
          return;
        case ALL_BUSY:
          // Waiting here is the server's slowness; the latency (from `due`) shows it.
          LockSupport.parkNanos(20_000L);
          break;
      }
    }
  }

  private PlannedClick nextClick() {
    PlannedClick click;
    while ((click = mix.next()) == null) {
      LockSupport.parkNanos(1_000_000L); // only before the first fresh impression arrives
    }
    return click;
  }

  private static void waitUntil(long due) {
    long wait;
    while ((wait = due - System.nanoTime()) > 0) {
      if (wait > 20_000L) {
        LockSupport.parkNanos(wait - 10_000L);
      } else {
        Thread.onSpinWait();
      }
    }
  }

  private void flushLedger() {
    try {
      ledger.flush();
    } catch (IOException e) {
      out.println("loadgen: cannot flush the ledger: " + e.getMessage());
    }
  }
}
