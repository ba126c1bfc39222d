package io.adclick.store.clickhouse;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.adclick.testing.Directories;
import io.adclick.testing.LocalPorts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real ClickHouse server for tests: Debian's {@code clickhouse-server} binary started as a child
 * process on free loopback ports, with the config in {@code src/test/resources/clickhouse} and a
 * temporary data directory, stopped and deleted by {@link #close}. A missing binary fails the test
 * (it never skips): install it with {@code apt-get install clickhouse-server}, or point {@code
 * ADCLICK_CLICKHOUSE_SERVER} at a {@code clickhouse-server} (or {@code clickhouse}) binary.
 *
 * <p>Public for other modules' integration tests, through this module's test jar.
 */
public final class ClickHouseServer implements AutoCloseable {

  static final String BINARY_ENV = "ADCLICK_CLICKHOUSE_SERVER";
  private static final Duration START_DEADLINE = Duration.ofSeconds(60);
  private static final int START_ATTEMPTS = 3;

  private final Path dir;
  private final Process process;
  private final int httpPort;
  private final Thread shutdownHook;

  private ClickHouseServer(Path dir, Process process, int httpPort) {
    this.dir = dir;
    this.process = process;
    this.httpPort = httpPort;
    this.shutdownHook = new Thread(this::stopProcess, "clickhouse-test-server-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts a server and waits until it answers {@code /ping}. */
  public static ClickHouseServer start() throws IOException {
    List<String> command = command();
    IllegalStateException last = null;
    // Free ports are picked before the server binds them; another process may win the race.
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      Path dir = Files.createTempDirectory("adclick-clickhouse-");
      try {
        return startIn(dir, command);
      } catch (IllegalStateException e) {
        Directories.deleteRecursively(dir);
        last = e;
      }
    }
    throw last;
  }

  private static ClickHouseServer startIn(Path dir, List<String> command) throws IOException {
    int httpPort = LocalPorts.free();
    int tcpPort = LocalPorts.free();
    Map<String, String> values =
        Map.of(
            "${DATA_DIR}", dir.resolve("data").toString(),
            "${HTTP_PORT}", Integer.toString(httpPort),
            "${TCP_PORT}", Integer.toString(tcpPort));
    Path config = dir.resolve("config.xml");
    Files.writeString(config, fill(resource("config.xml"), values));
    Files.writeString(dir.resolve("users.xml"), resource("users.xml"));
    Files.createDirectories(dir.resolve("data/log"));
    List<String> args = new ArrayList<>(command);
    args.add("--config-file=" + config);
    ProcessBuilder builder =
        new ProcessBuilder(args)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("data/log/stdout.log").toFile());
    // Current servers fork a watchdog parent unless told not to; we want one process to stop.
    builder.environment().put("CLICKHOUSE_WATCHDOG_ENABLE", "0");
    Process process = builder.start();
    ClickHouseServer server = new ClickHouseServer(dir, process, httpPort);
    try {
      server.awaitPing();
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private void awaitPing() {
    ClickHouseHttp http = new ClickHouseHttp(ClickHouseEndpoint.parse(uri("default"), Map.of()));
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      if (http.ping()) {
        return;
      }
      try {
        if (process.waitFor(100, TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException(
              "clickhouse-server exited with " + process.exitValue() + " at start:\n" + logTail());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting clickhouse-server", e);
      }
    }
    throw new IllegalStateException(
        "clickhouse-server did not answer /ping within " + START_DEADLINE + ":\n" + logTail());
  }

  /** A store URI for a database on this server. */
  public String uri(String database) {
    return "clickhouse://127.0.0.1:" + httpPort + "/" + database;
  }

  int httpPort() {
    return httpPort;
  }

  /** An HTTP client on a database of this server, as the default user. */
  ClickHouseHttp http(String database) {
    return new ClickHouseHttp(ClickHouseEndpoint.parse(uri(database), Map.of()));
  }

  public void dropDatabase(String database) {
    http("default").executeOnServer("DROP DATABASE IF EXISTS " + Sql.identifier(database));
  }

  @Override
  public void close() {
    stopProcess();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook runs or ran.
    }
    Directories.deleteRecursively(dir);
  }

  private void stopProcess() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private String logTail() {
    StringBuilder out = new StringBuilder();
    for (String name : new String[] {"stdout.log", "server.err.log"}) {
      Path file = dir.resolve("data/log").resolve(name);
      try {
        List<String> lines = Files.readAllLines(file, UTF_8);
        lines
            .subList(Math.max(0, lines.size() - 20), lines.size())
            .forEach(l -> out.append(name).append(": ").append(l).append('\n'));
      } catch (IOException e) {
        out.append(name).append(": (").append(e.getMessage()).append(")\n");
      }
    }
    return out.toString();
  }

  /** The server command, without its config argument. */
  private static List<String> command() {
    String configured = System.getenv(BINARY_ENV);
    if (configured != null && !configured.isBlank()) {
      return commandFor(Path.of(configured));
    }
    List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/sbin/clickhouse-server")));
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir, "clickhouse-server"));
        candidates.add(Path.of(dir, "clickhouse"));
      }
    }
    for (Path candidate : candidates) {
      if (Files.isExecutable(candidate)) {
        return commandFor(candidate);
      }
    }
    throw new IllegalStateException(
        "clickhouse-server is not installed, and the ClickHouse store tests need a real server:"
            + " install it (Debian/Ubuntu: apt-get install clickhouse-server; .ci/run does this) or"
            + " set "
            + BINARY_ENV
            + " to a clickhouse-server binary");
  }

  private static List<String> commandFor(Path binary) {
    // The single "clickhouse" binary of current releases takes the tool as its first argument.
    return binary.getFileName().toString().equals("clickhouse")
        ? List.of(binary.toString(), "server")
        : List.of(binary.toString());
  }

  private static String fill(String template, Map<String, String> values) {
    String out = template;
    for (Map.Entry<String, String> e : values.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    return out;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ClickHouseServer.class.getResourceAsStream("/clickhouse/" + name)) {
      if (in == null) {
        throw new IOException("test resource /clickhouse/" + name + " is missing");
      }
      return new String(in.readAllBytes(), UTF_8);
    }
  }
}
