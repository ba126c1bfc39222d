package io.adclick.tools.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.adclick.tools.api.AdclickApi;
import io.adclick.tools.cli.AdminTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code adclick reconcile}: a run on demand, through the server's admin API (the server owns the
 * store; nothing else may open it), followed until recorded.
 */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    description = {
      "Recounts [--from, --to) from the data lake, compares it with the store per ad and minute,",
      "repairs what differs (unless --dry-run) and records the run, on the server given.",
      "Shows progress on stderr and a summary on stdout. Exit code 0 when the run was recorded,",
      "1 when it failed or the server refused it or could not be reached."
    })
public final class ReconcileCommand implements Callable<Integer> {
  static final int FAILED = 1;

  /** How often the job is polled: a run takes seconds to minutes. */
  private static final Duration POLL = Duration.ofMillis(500);

  @Spec CommandSpec spec;

  @Mixin AdminTarget admin;

  @Option(
      names = "--from",
      required = true,
      description =
          "Start, inclusive: an ISO-8601 instant on a whole minute, e.g. 2026-11-24T10:00:00Z.")
  String from;

  @Option(names = "--to", required = true, description = "End, exclusive, at most 31 days later.")
  String to;

  @Option(names = "--dry-run", description = "Only report the differences; repair nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String token = admin.token(spec);
    AdclickApi api = new AdclickApi(admin.target, Duration.ofSeconds(30));
    ProgressBar progress = new ProgressBar(err, System.console() != null);
    JsonNode job;
    try {
      AdclickApi.Started started = api.startReconciliation(token, from, to, dryRun);
      job = started.job();
      while (job.get("state").asText().equals("running")) {
        progress.show(job.get("minutesCompared").asLong(), job.get("minutesTotal").asLong());
        Thread.sleep(POLL.toMillis()); // polling the server, not synchronising threads
        job = api.adminGet(token, started.location());
      }
    } catch (IOException e) {
      progress.finish();
      err.println("adclick reconcile: " + e.getMessage());
      err.flush();
      return FAILED;
    }
    progress.show(job.get("minutesCompared").asLong(), job.get("minutesTotal").asLong());
    progress.finish();
    if (!job.get("state").asText().equals("succeeded")) {
      err.println("adclick reconcile: " + job.get("error").asText());
      err.flush();
      return FAILED;
    }
    print(job.get("run"), out);
    return 0;
  }

  private static void print(JsonNode run, PrintWriter out) {
    boolean dry = run.get("dryRun").asBoolean();
    out.printf(
        "reconciled %s .. %s%s%n",
        run.get("from").asText(),
        run.get("to").asText(),
        dry ? " (dry run: nothing repaired)" : "");
    line(out, "rows checked", run.get("rowsChecked").asLong());
    line(out, "rows differing", run.get("rowsDiffering").asLong());
    line(out, dry ? "clicks to add" : "clicks added", run.get("clicksToAdd").asLong());
    line(out, dry ? "clicks to remove" : "clicks removed", run.get("clicksToRemove").asLong());
    line(out, "corrections", run.get("corrections").asLong());
    out.printf(
        Locale.ROOT, "  %-16s %.1f s%n", "duration", run.get("durationMs").asLong() / 1000.0);
    out.printf("  %-16s %d%n", "run id", run.get("id").asLong());
    out.flush();
  }

  private static void line(PrintWriter out, String what, long value) {
    out.printf(Locale.ROOT, "  %-16s %,d%n", what, value);
  }
}
