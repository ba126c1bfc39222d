package io.adclick.app;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The all-in-one server in a child JVM, so a test can kill it the hard way ({@code kill -9}: no
 * shutdown hook, no flush, no checkpoint) and start it again on the same data directory and port.
 */
final class ServerProcess implements AutoCloseable {
  private final Path dataDir;
  private final int port;
  private final Path log;
  private final String kafkaBootstrap;
  private Process process;

  ServerProcess(Path dataDir, int port, Path log) {
    this(dataDir, port, log, null);
  }

  /**
   * @param kafkaBootstrap an external broker that outlives the server (so a test can read the
   *     clicks topic after a kill), or null for the server's own embedded one
   */
  ServerProcess(Path dataDir, int port, Path log, String kafkaBootstrap) {
    this.dataDir = dataDir;
    this.port = port;
    this.log = log;
    this.kafkaBootstrap = kafkaBootstrap;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Starts the server and waits until {@code /readyz} answers 200. */
  void startHealthy() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    // The same --add-opens the test JVM got, which Flink's serializers need.
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens")) {
        command.add(arg);
      }
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            AdclickCli.class.getName(),
            "serve",
            "--port",
            Integer.toString(port),
            "--data-dir",
            dataDir.toString(),
            "--partitions",
            "2",
            "--job-parallelism",
            "2",
            "--flush-interval",
            "1s",
            "--checkpoint-interval",
            "2s"));
    if (kafkaBootstrap != null) {
      command.addAll(List.of("--kafka", kafkaBootstrap));
    }
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(TestConfigs.ENV);
    process = builder.start();
    ApiClient api = new ApiClient(baseUrl());
    Eventually.assertThat(
        Duration.ofSeconds(180),
        "the server process answers /readyz",
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError(
                "the server exited with " + process.exitValue() + "; see " + log);
          }
          try {
            return api.get("/readyz", (String) null).statusCode() == 200;
          } catch (IOException e) {
            return false;
          }
        });
  }

  /** SIGKILL: the process gets no chance to flush or checkpoint anything. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the server did not die");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
