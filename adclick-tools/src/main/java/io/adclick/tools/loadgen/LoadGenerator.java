package io.adclick.tools.loadgen;

import io.adclick.tools.ledger.ClickLedger;
import io.adclick.tools.ledger.LedgerEntry;
import io.adclick.tools.ledger.Outcome;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the clicks: sends click {@code i} when the schedule says, on the calling thread, to the
 * click target {@link ClickRouting} picks, and has each outcome counted and written to the ledger.
 * Prints progress once a second.
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

  /**
   * @param targets the click services, each with its own {@link LoadSettings#connections()}
   *     connections; every one must accept a connection at the start
   */
  LoadSummary run(List<InetSocketAddress> targets) throws IOException {
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
    TargetCounts perTarget =
        new TargetCounts(targets.stream().map(a -> a.getHostString() + ":" + a.getPort()).toList());
    List<ClickClient> clients = openAll(targets, perTarget, listener);
    ClickRouting routing =
        new ClickRouting(clients.stream().<ClickRouting.Target>map(c -> c::send).toList());
    FixedRateSchedule schedule =
        new FixedRateSchedule(System.nanoTime() + 10_000_000L, settings.rate());
    ProgressPrinter progress = new ProgressPrinter(out, terminal, schedule.startNanos());
    ScheduledExecutorService ticker = startProgress(progress);
    long end;
    try {
      for (long i = 0; i < settings.clicks(); i++) {
        long due = schedule.dueNanos(i);
        waitUntil(due);
        PlannedClick click = nextClick();
        stats.sent();
        int target = routing.send(click, i, due);
        if (target == ClickRouting.UNSENT) {
          // Every server is down: this click is lost to them, the next ones keep their schedule.
          listener.completed(click, due, System.nanoTime(), Outcome.UNSENT, 0);
        } else {
          mix.sentTo(target);
          perTarget.sent(target);
        }
      }
      end = System.nanoTime();
      long idleBy = end + settings.timeoutNanos() + TimeUnit.SECONDS.toNanos(1);
      for (ClickClient client : clients) {
        client.awaitIdle(idleBy);
      }
    } finally {
      clients.forEach(ClickClient::close);
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
        clients.stream().mapToInt(ClickClient::reconnects).sum(),
        stats.snapshot(),
        perTarget.snapshot());
  }

  /** A connected client per target, or none: a target that is down at the start is an error. */
  private List<ClickClient> openAll(
      List<InetSocketAddress> targets, TargetCounts counts, ClickListener listener)
      throws IOException {
    List<ClickClient> clients = new ArrayList<>(targets.size());
    try {
      for (int t = 0; t < targets.size(); t++) {
        ClickClient client =
            new ClickClient(
                targets.get(t),
                settings.connections(),
                settings.timeoutNanos(),
                counting(t, counts, listener));
        client.open(TimeUnit.SECONDS.toNanos(5)); // closes itself if it fails
        clients.add(client);
      }
    } catch (IOException | RuntimeException e) {
      clients.forEach(ClickClient::close);
      throw e;
    }
    return clients;
  }

  /** Counts the answers of one target's clicks on their way to {@code next}. */
  private static ClickListener counting(int target, TargetCounts counts, ClickListener next) {
    return (click, intended, done, outcome, status) -> {
      if (outcome == Outcome.ANSWERED) {
        counts.answered(target);
      }
      next.completed(click, intended, done, outcome, status);
    };
  }

  private ScheduledExecutorService startProgress(ProgressPrinter progress) {
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
    return ticker;
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
