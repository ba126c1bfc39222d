package io.adclick.app;

import io.adclick.tools.loadgen.LoadgenCommand;
import io.adclick.tools.reconcile.ReconcileCommand;
import io.adclick.tools.sql.SqlCommand;
import io.adclick.tools.verify.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code adclick <subcommand>}: the one entry point of the distribution. */
@Command(
    name = "adclick",
    mixinStandardHelpOptions = true,
    version = "adclick 0.1.0",
    description = "Ad click aggregator: signed click redirects, exactly-once counts, query API.",
    subcommands = {
      ServeCommand.class,
      KafkaCommand.class,
      JobCommand.class,
      LoadgenCommand.class,
      VerifyCommand.class,
      ReconcileCommand.class,
      SqlCommand.class
    })
public final class AdclickCli implements Runnable {

  public static void main(String[] args) {
    int exit = new CommandLine(new AdclickCli()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
