package io.adclick.tools.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClickLedgerTest {
  @TempDir Path dir;

  @Test
  void everyOutcomeSurvivesTheRoundTrip() throws IOException {
    Path file = dir.resolve("ledger.tsv");
    LedgerHeader header = new LedgerHeader("http://127.0.0.1:8080", 7, "ak_secret");
    List<LedgerEntry> written =
        List.of(
            new LedgerEntry("aa01", 3, Outcome.ANSWERED, 302, 1000, 1004, false, false),
            new LedgerEntry("aa01", 3, Outcome.ANSWERED, 302, 1100, 1101, false, true),
            new LedgerEntry("bb02", 4, Outcome.ANSWERED, 400, 1200, 1203, true, false),
            new LedgerEntry("cc03", 4, Outcome.ERROR, 0, 1300, 1350, false, false),
            new LedgerEntry("dd04", 5, Outcome.TIMEOUT, 0, 1400, 6400, false, false),
            new LedgerEntry("ee05", 5, Outcome.UNSENT, 0, 1500, 1500, false, true));
    try (ClickLedger ledger = ClickLedger.create(file, header)) {
      written.forEach(ledger::append);
    }

    List<LedgerEntry> read = new ArrayList<>();
    LedgerHeader readHeader = ClickLedger.read(file, read::add);

    assertThat(readHeader).isEqualTo(header);
    assertThat(read).isEqualTo(written);
  }

  @Test
  void linesAreTabSeparatedWithNamedOutcomes() throws IOException {
    Path file = dir.resolve("ledger.tsv");
    try (ClickLedger ledger = ClickLedger.create(file, new LedgerHeader("http://h:1", 1, "k"))) {
      ledger.append(new LedgerEntry("ff", 9, Outcome.TIMEOUT, 0, 10, 20, false, true));
    }

    assertThat(Files.readAllLines(file))
        .endsWith(
            "impression\tad\tstatus\tintended_ms\tdone_ms\tforged\tduplicate",
            "ff\t9\ttimeout\t10\t20\t0\t1");
  }

  @Test
  void flushMakesAppendedLinesReadableBeforeClose() throws IOException {
    Path file = dir.resolve("ledger.tsv");
    try (ClickLedger ledger = ClickLedger.create(file, new LedgerHeader("http://h:1", 1, "k"))) {
      ledger.append(new LedgerEntry("ab", 1, Outcome.ANSWERED, 302, 1, 2, false, false));
      ledger.flush();

      List<LedgerEntry> read = new ArrayList<>();
      ClickLedger.read(file, read::add);
      assertThat(read).hasSize(1);
    }
  }

  @Test
  void namesTheLineOfACorruptEntry() throws IOException {
    Path file = dir.resolve("ledger.tsv");
    try (ClickLedger ledger = ClickLedger.create(file, new LedgerHeader("http://h:1", 1, "k"))) {
      ledger.append(new LedgerEntry("ab", 1, Outcome.ANSWERED, 302, 1, 2, false, false));
    }
    Files.writeString(file, "ab\t1\tnope\t1\t2\t0\t0\n", java.nio.file.StandardOpenOption.APPEND);

    assertThatThrownBy(() -> ClickLedger.read(file, e -> {}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(":7:");
  }

  @Test
  void refusesAFileThatIsNotALedger() throws IOException {
    Path file = dir.resolve("other.csv");
    Files.writeString(file, "a,b,c\n");

    assertThatThrownBy(() -> ClickLedger.read(file, e -> {}))
        .hasMessageContaining("not an adclick click ledger");
  }
}
