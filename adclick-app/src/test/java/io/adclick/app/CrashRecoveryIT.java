package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.testing.LocalPorts;
import io.adclick.tools.ledger.ClickLedger;
import io.adclick.tools.ledger.LedgerEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small version of {@code bench/crash-test.sh}: clicks at a fixed rate while the server is
 * killed with SIGKILL twice and restarted on the same data directory; afterwards every click that
 * got a 302 is counted exactly once. Clicks in flight at a kill got no answer, so the ledger marks
 * them ambiguous (the server may or may not have logged them), and verify allows each at most once.
 */
class CrashRecoveryIT {
  @TempDir Path dataDir;
  @TempDir Path work;

  @Test
  void killedTwiceMidTrafficNoRedirectedClickIsLostOrCountedTwice() throws Exception {
    Path ledger = work.resolve("ledger.tsv");
    try (ServerProcess server =
        new ServerProcess(dataDir, LocalPorts.free(), work.resolve("server.log"))) {
      server.startHealthy();
      CompletableFuture<String> load =
          CompletableFuture.supplyAsync(
              () ->
                  Cli.loadgen(
                          server.baseUrl(),
                          "--rate",
                          "500",
                          "--duration",
                          "90s",
                          "--ads",
                          "10",
                          "--zipf",
                          "1",
                          "--duplicate-ratio",
                          "0.1",
                          "--forged-ratio",
                          "0.02",
                          "--connections",
                          "16",
                          "--timeout",
                          "3s",
                          "--seed",
                          "7",
                          "--ledger",
                          ledger.toString())
                      .output());
      // Each kill waits for 500 more redirects, so it lands mid-traffic however slow the machine.
      for (int kill = 0; kill < 2; kill++) {
        awaitRedirects(ledger, redirected(ledger) + 500, load);
        server.kill();
        server.startHealthy();
      }
      String loadOutput = load.get(5, TimeUnit.MINUTES);
      assertThat(loadOutput).contains("LOADGEN ");

      List<LedgerEntry> entries = new ArrayList<>();
      ClickLedger.read(ledger, entries::add);
      // Traffic went on after the second restart, and the kills caught clicks in flight or refused.
      assertThat(entries.stream().filter(LedgerEntry::redirected).count()).isGreaterThan(1_000);
      assertThat(entries.stream().filter(e -> !e.redirected() && !e.forged()).count()).isPositive();

      Cli.Run verify = Cli.adclick("verify", "--ledger", ledger.toString(), "--wait", "180s");
      assertThat(verify.exitCode()).as(verify.output()).isZero();
      assertThat(verify.output()).contains("lost=0 double=0").contains("result=exact");
    }
  }

  /** Waits until the ledger holds this many redirected clicks (the load is well under way). */
  private static void awaitRedirects(Path ledger, long redirects, CompletableFuture<String> load)
      throws Exception {
    Eventually.assertThat(
        Duration.ofSeconds(120),
        redirects + " redirected clicks in the ledger",
        () -> {
          if (load.isDone()) {
            throw new AssertionError("loadgen ended early: " + load.join());
          }
          return redirected(ledger) >= redirects;
        });
  }

  private static long redirected(Path ledger) {
    if (!Files.exists(ledger)) {
      return 0;
    }
    List<LedgerEntry> entries = new ArrayList<>();
    try {
      ClickLedger.read(ledger, entries::add);
    } catch (IOException | RuntimeException e) {
      // The last line may be half written: count what was read before it.
    }
    return entries.stream().filter(LedgerEntry::redirected).count();
  }
}
