package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.tools.ledger.ClickLedger;
import io.adclick.tools.ledger.LedgerEntry;
import io.adclick.tools.ledger.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code adclick loadgen} against the real embedded server, then {@code adclick verify} proving
 * every counted number against the ledger; and a ledger that lies, which verify must catch.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadgenVerifyIT {
  @TempDir static Path dataDir;
  @TempDir static Path work;
  private static AllInOneServer server;
  private static Path ledger;

  @BeforeAll
  static void start() throws Exception {
    server = TestConfigs.startHealthy(dataDir, null);
    ledger = work.resolve("ledger.tsv");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void everyRedirectedClickIsCountedOnceAndForgeriesAreRejected() throws Exception {
    Cli.Run loadgen =
        Cli.loadgen(
            server.baseUrl(),
            "--rate",
            "500",
            "--duration",
            "10s",
            "--ads",
            "5",
            "--zipf",
            "1",
            "--duplicate-ratio",
            "0.1",
            "--forged-ratio",
            "0.05",
            "--connections",
            "16",
            "--seed",
            "42",
            "--ledger",
            ledger.toString());

    assertThat(loadgen.exitCode()).as(loadgen.output()).isZero();
    assertThat(loadgen.output()).contains("LOADGEN rate=500 ");
    List<LedgerEntry> entries = new ArrayList<>();
    ClickLedger.read(ledger, entries::add);
    assertThat(entries).hasSize(5_000);
    List<LedgerEntry> forged = entries.stream().filter(LedgerEntry::forged).toList();
    assertThat(forged).hasSizeGreaterThan(150).allMatch(e -> e.status() == 400);
    assertThat(entries.stream().filter(e -> !e.forged())).allMatch(LedgerEntry::redirected);
    assertThat(entries.stream().filter(LedgerEntry::duplicate).count()).isGreaterThan(300);

    Cli.Run verify = Cli.adclick("verify", "--ledger", ledger.toString(), "--wait", "60s");

    assertThat(verify.exitCode()).as(verify.output()).isZero();
    assertThat(verify.output())
        .containsPattern("VERIFY ads=5 expected=\\d+ ambiguous=0 reported=\\d+ lost=0 double=0 ")
        .contains("result=exact");
  }

  @Test
  @Order(2)
  void verifyCatchesARedirectTheServerNeverSaw() throws Exception {
    List<LedgerEntry> entries = new ArrayList<>();
    ClickLedger.read(ledger, entries::add);
    LedgerEntry last = entries.get(entries.size() - 1);
    Path lying = work.resolve("lying-ledger.tsv");
    Files.copy(ledger, lying);
    String neverClicked =
        String.join(
            "\t",
            "00000000000000000000000000000000",
            Long.toString(last.adId()),
            "302",
            Long.toString(last.intendedMillis()),
            Long.toString(last.doneMillis()),
            "0",
            "0");
    Files.writeString(lying, neverClicked + "\n", StandardOpenOption.APPEND);

    Cli.Run verify = Cli.adclick("verify", "--ledger", lying.toString(), "--wait", "60s");

    assertThat(verify.exitCode()).as(verify.output()).isEqualTo(1);
    assertThat(verify.output()).contains("lost=1 double=0").contains("result=DIFFERENT");
    assertThat(last.outcome()).isEqualTo(Outcome.ANSWERED);
  }
}
