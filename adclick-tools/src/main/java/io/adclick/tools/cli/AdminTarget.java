package io.adclick.tools.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The server a tool talks to and the admin token it uses, as every admin tool reads them. */
public final class AdminTarget {

  @Option(
      names = "--target",
      defaultValue = "http://127.0.0.1:8080",
      description = "Base URL of the server (default ${DEFAULT-VALUE}).")
  public String target;

  @Option(
      names = "--admin-token",
      defaultValue = "${env:ADCLICK_ADMIN_TOKEN}",
      description = "Admin bearer token (env ADCLICK_ADMIN_TOKEN; or see --data-dir).")
  String adminToken;

  @Option(
      names = "--data-dir",
      description = "Read the admin token from <dir>/secrets/admin-token.")
  Path dataDir;

  /** The admin token: given, from the environment, or from the server's data directory. */
  public String token(CommandSpec spec) throws IOException {
    if (adminToken != null && !adminToken.isBlank()) {
      return adminToken.strip();
    }
    if (dataDir != null) {
      return Files.readString(dataDir.resolve("secrets/admin-token"), StandardCharsets.UTF_8)
          .strip();
    }
    throw new ParameterException(
        spec.commandLine(), "no admin token: set --admin-token, ADCLICK_ADMIN_TOKEN or --data-dir");
  }
}
