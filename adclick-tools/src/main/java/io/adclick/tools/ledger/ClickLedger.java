package io.adclick.tools.ledger;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The ledger file: one tab-separated line per click attempt, after a few {@code #} header lines.
 * Plain text so it streams, greps and diffs; append is thread-safe and buffered, and {@link #flush}
 * is called periodically so a killed run still leaves most of its ledger behind.
 *
 * <pre>
 * # adclick click ledger v1
 * # target	http://127.0.0.1:8080
 * # advertiser	1
 * # apiKey	ak_...
 * impression	ad	status	intended_ms	done_ms	forged	duplicate
 * 3f2a...	7	302	1767225600000	1767225600004	0	0
 * </pre>
 *
 * <p>{@code status} is the HTTP status, or {@code error}, {@code timeout}, {@code unsent}.
 */
public final class ClickLedger implements AutoCloseable {
  static final String MAGIC = "# adclick click ledger v1";
  static final String COLUMNS = "impression\tad\tstatus\tintended_ms\tdone_ms\tforged\tduplicate";

  private final Writer out;
  private final StringBuilder line = new StringBuilder(128);

  private ClickLedger(Writer out) {
    this.out = out;
  }

  /** Creates (or truncates) the file and writes the header. */
  public static ClickLedger create(Path file, LedgerHeader header) throws IOException {
    BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    out.write(MAGIC + "\n");
    out.write("# target\t" + header.target() + "\n");
    out.write("# advertiser\t" + header.advertiserId() + "\n");
    out.write("# apiKey\t" + header.apiKey() + "\n");
    out.write(COLUMNS + "\n");
    out.flush();
    return new ClickLedger(out);
  }

  public synchronized void append(LedgerEntry e) {
    line.setLength(0);
    line.append(e.impressionId()).append('\t').append(e.adId()).append('\t');
    if (e.outcome() == Outcome.ANSWERED) {
      line.append(e.status());
    } else {
      line.append(e.outcome().name().toLowerCase(Locale.ROOT));
    }
    line.append('\t').append(e.intendedMillis()).append('\t').append(e.doneMillis());
    line.append('\t').append(e.forged() ? '1' : '0').append('\t').append(e.duplicate() ? '1' : '0');
    line.append('\n');
    try {
      out.append(line);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  public synchronized void flush() throws IOException {
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }

  /**
   * Streams the entries of a ledger file to {@code entries}, in file order.
   *
   * @return the header
   * @throws IOException if the file cannot be read or is not a ledger
   */
  public static LedgerHeader read(Path file, Consumer<LedgerEntry> entries) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      if (!MAGIC.equals(in.readLine())) {
        throw new IOException(file + " is not an adclick click ledger");
      }
      String target = headerValue(file, in.readLine(), "target");
      long advertiser = Long.parseLong(headerValue(file, in.readLine(), "advertiser"));
      String apiKey = headerValue(file, in.readLine(), "apiKey");
      if (!COLUMNS.equals(in.readLine())) {
        throw new IOException(file + ": unexpected column line");
      }
      int number = 5;
      for (String l = in.readLine(); l != null; l = in.readLine()) {
        number++;
        if (!l.isEmpty()) {
          entries.accept(parse(file, number, l));
        }
      }
      return new LedgerHeader(target, advertiser, apiKey);
    }
  }

  private static String headerValue(Path file, String line, String name) throws IOException {
    String prefix = "# " + name + "\t";
    if (line == null || !line.startsWith(prefix)) {
      throw new IOException(file + ": expected header '" + name + "'");
    }
    return line.substring(prefix.length());
  }

  private static LedgerEntry parse(Path file, int number, String line) throws IOException {
    String[] f = line.split("\t", -1);
    if (f.length != 7) {
      throw new IOException(file + ":" + number + ": expected 7 fields, got " + f.length);
    }
    try {
      Outcome outcome;
      int status = 0;
      switch (f[2]) {
        case "error" -> outcome = Outcome.ERROR;
        case "timeout" -> outcome = Outcome.TIMEOUT;
        case "unsent" -> outcome = Outcome.UNSENT;
        default -> {
          outcome = Outcome.ANSWERED;
          status = Integer.parseInt(f[2]);
        }
      }
      return new LedgerEntry(
          f[0],
          Long.parseLong(f[1]),
          outcome,
          status,
          Long.parseLong(f[3]),
          Long.parseLong(f[4]),
          flag(f[5]),
          flag(f[6]));
    } catch (NumberFormatException e) {
      throw new IOException(file + ":" + number + ": " + e.getMessage(), e);
    }
  }

  private static boolean flag(String f) {
    if (!f.equals("0") && !f.equals("1")) {
      throw new NumberFormatException("flag must be 0 or 1, got '" + f + "'");
    }
    return f.equals("1");
  }
}
