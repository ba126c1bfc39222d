package io.adclick.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs an {@code adclick} subcommand in this JVM and captures what it prints. */
final class Cli {
  record Run(int exitCode, String output) {}

  private Cli() {}

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
