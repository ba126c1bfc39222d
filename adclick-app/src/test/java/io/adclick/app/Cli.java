package io.adclick.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs an {@code adclick} subcommand in this JVM and captures what it prints. */
final class Cli {
  record Run(int exitCode, String output) {}

  private Cli() {}

  /** {@code adclick loadgen} against a test server, as its admin, with these further options. */
  static Run loadgen(String baseUrl, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of("loadgen", "--target", baseUrl, "--admin-token", TestConfigs.ADMIN));
    args.addAll(List.of(options));
    return adclick(args.toArray(String[]::new));
  }

  static Run adclick(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new AdclickCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    int exit = cli.execute(args);
    System.out.println(out); // into the failsafe report, for when an assertion fails
    return new Run(exit, out.toString());
  }
}
