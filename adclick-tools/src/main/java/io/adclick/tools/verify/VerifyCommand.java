package io.adclick.tools.verify;

import static io.adclick.time.Granularity.MINUTE;

import io.adclick.tools.api.AdclickApi;
import io.adclick.tools.api.AdclickApi.AdMetrics;
import io.adclick.tools.cli.ToolDuration;
import io.adclick.tools.ledger.ClickLedger;
import io.adclick.tools.ledger.LedgerHeader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adclick verify}: proves the reported counts against a load generator's ledger. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Waits until the server's counts are complete through the ledger's last click, then",
      "compares each ad's count (and each minute's) with what the ledger says it must be.",
      "Exit code 0 if exact, 1 if any click was lost or counted twice, 2 if the counts did",
      "not become complete in time."
    })
public final class VerifyCommand implements Callable<Integer> {
  static final int DIFFERENT = 1;
  static final int INCOMPLETE = 2;

  /** The correction horizon: a late click can land up to this far from when it was made. */
  private static final Duration MARGIN = Duration.ofMinutes(10);

  private static final int SHOWN = 20;

  @Spec CommandSpec spec;

  @Option(names = "--ledger", required = true, description = "The ledger `adclick loadgen` wrote.")
  Path ledger;

  @Option(names = "--target", description = "Base URL of the server (default: the ledger's).")
  String target;

  @Option(
      names = "--wait",
      defaultValue = "2m",
      converter = ToolDuration.class,
      description = "How long to wait for complete counts (default ${DEFAULT-VALUE}).")
  Duration wait;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    ExpectedCounts.Builder builder = new ExpectedCounts.Builder();
    LedgerHeader header = ClickLedger.read(ledger, builder::add);
    ExpectedCounts expected = builder.build();
    if (expected.ads().isEmpty()) {
      out.println("VERIFY ads=0: the ledger holds no clicks");
      out.flush();
      return 0;
    }
    AdclickApi api =
        new AdclickApi(target != null ? target : header.target(), Duration.ofSeconds(30));
    Instant from =
        Instant.ofEpochMilli(MINUTE.bucketStart(expected.firstIntendedMillis())).minus(MARGIN);
    Instant to = Instant.ofEpochMilli(MINUTE.bucketEnd(expected.lastDoneMillis())).plus(MARGIN);
    long someAd = expected.ads().keySet().iterator().next();

    long completeThrough = awaitComplete(api, header.apiKey(), someAd, from, to, expected);
    if (completeThrough < expected.lastDoneMillis()) {
      out.printf(
          "VERIFY timeout: counts complete through %s, the ledger's last click is at %s%n",
          completeThrough == 0 ? "nothing yet" : Instant.ofEpochMilli(completeThrough),
          Instant.ofEpochMilli(expected.lastDoneMillis()));
      out.flush();
      return INCOMPLETE;
    }

    Map<Long, Map<Long, Long>> reported = new HashMap<>();
    for (long adId : expected.ads().keySet()) {
      AdMetrics metrics = api.metrics(header.apiKey(), adId, from, to, MINUTE.apiName());
      Map<Long, Long> byMinute = new HashMap<>();
      metrics.buckets().forEach(b -> byMinute.put(b.startMillis(), b.clicks()));
      reported.put(adId, byMinute);
    }
    Verdict verdict = Verdict.of(expected, reported);
    print(verdict, out);
    return verdict.exact() ? 0 : DIFFERENT;
  }

  private long awaitComplete(
      AdclickApi api, String apiKey, long adId, Instant from, Instant to, ExpectedCounts expected)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      long complete = api.metrics(apiKey, adId, from, to, MINUTE.apiName()).completeThroughMillis();
      if (complete >= expected.lastDoneMillis() || System.nanoTime() >= deadline) {
        return complete;
      }
      Thread.sleep(1000); // polling the server, not synchronising threads
    }
  }

  private static void print(Verdict verdict, PrintWriter out) {
    Map<Long, Verdict.AdDifference> differences = verdict.differences();
    if (differences.isEmpty()) {
      out.printf("all %d ads within their expected range%n", verdict.ads().size());
    } else {
      out.printf(
          "%10s %12s %12s %10s %8s %8s%n",
          "ad", "expected_min", "expected_max", "reported", "lost", "double");
      differences.values().stream()
          .limit(SHOWN)
          .forEach(
              d ->
                  out.printf(
                      "%10d %12d %12d %10d %8d %8d%n",
                      d.adId(), d.min(), d.max(), d.reported(), d.lost(), d.doubled()));
      if (differences.size() > SHOWN) {
        out.printf("... and %d more ads%n", differences.size() - SHOWN);
      }
    }
    List<Verdict.MinuteMismatch> minutes = verdict.minuteMismatches();
    minutes.stream()
        .limit(SHOWN)
        .forEach(
            m ->
                out.printf(
                    "ad %d minute %s: expected %d..%d, reported %d%n",
                    m.adId(),
                    Instant.ofEpochMilli(m.minuteStartMillis()),
                    m.min(),
                    m.max(),
                    m.reported()));
    out.printf(
        "VERIFY ads=%d expected=%d ambiguous=%d reported=%d lost=%d double=%d"
            + " minute_mismatches=%d forged_redirected=%d result=%s%n",
        verdict.ads().size(),
        verdict.expectedMin(),
        verdict.ambiguous(),
        verdict.reported(),
        verdict.lost(),
        verdict.doubled(),
        minutes.size(),
        verdict.forgedRedirected(),
        verdict.exact() ? "exact" : "DIFFERENT");
    out.flush();
  }
}
