package io.adclick.tools.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.adclick.tools.api.AdclickApi;
import io.adclick.tools.cli.AdminTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code adclick sql "<query>"}: one read-only SELECT over the lake, through the server. */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Runs one read-only DuckDB SELECT over the data lake on the server given, with every",
      "committed click as the view `clicks` (the archive's columns, plus dt and hour), and",
      "prints the answer (at most 10,000 rows). Exit code 1 if the server refused the query."
    })
public final class SqlCommand implements Callable<Integer> {

  /** How the answer is printed. */
  enum Format {
    table,
    csv
  }

  @Spec CommandSpec spec;

  @Mixin AdminTarget admin;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table (aligned columns) or csv (default ${DEFAULT-VALUE}).")
  Format format;

  @Parameters(
      index = "0",
      paramLabel = "QUERY",
      description = "e.g. \"SELECT count(*) FROM clicks\"")
  String query;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    JsonNode answer;
    try {
      // The server cancels a query after 60 s; a little longer here so its answer says so.
      answer = new AdclickApi(admin.target, Duration.ofSeconds(75)).sql(admin.token(spec), query);
    } catch (IOException e) {
      err.println("adclick sql: " + e.getMessage());
      err.flush();
      return 1;
    }
    TextTable table = new TextTable(answer);
    if (format == Format.csv) {
      table.printCsv(out);
    } else {
      table.printAligned(out);
      int rows = answer.get("rows").size();
      out.printf(
          "(%d row%s%s)%n",
          rows,
          rows == 1 ? "" : "s",
          answer.get("truncated").asBoolean() ? "; truncated: the answer had more" : "");
    }
    out.flush();
    if (format == Format.csv && answer.get("truncated").asBoolean()) {
      err.println("adclick sql: truncated: the answer had more rows than shown");
      err.flush();
    }
    return 0;
  }
}
