package io.adclick.registry.postgresql;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.security.auth.module.UnixSystem;
import io.adclick.testing.Directories;
import io.adclick.testing.LocalPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: Debian's {@code initdb} and {@code postgres} from {@code
 * /usr/lib/postgresql/<version>/bin} (or {@code ADCLICK_POSTGRES_BIN}) run as a child process in a
 * temporary directory, listening on a free 127.0.0.1 port with its socket in that directory, and
 * stopped and deleted by {@link #close}. A missing installation fails the test (it never skips):
 * {@code apt-get install postgresql}, which {@code .ci/run} does.
 *
 * <p>PostgreSQL refuses to run as root, and tests and CI do run as root: then the server runs as
 * the {@code postgres} user the Debian package creates, through {@code runuser}, in a directory
 * owned by that user. Fsync is off: the data is thrown away.
 *
 * <p>Public for other modules' integration tests, through this module's test jar.
 */
public final class PostgresServer implements AutoCloseable {

  static final String BIN_ENV = "ADCLICK_POSTGRES_BIN";
  static final String SUPERUSER = "adclick";
  private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
  private static final String OS_USER = "postgres";
  private static final Duration START_DEADLINE = Duration.ofSeconds(60);
  private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);
  private static final int START_ATTEMPTS = 3;

  private final Path dir;
  private final Path bin;
  private final Process process;
  private final int port;
  private final String password;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();

  private PostgresServer(Path dir, Path bin, Process process, int port, String password) {
    this.dir = dir;
    this.bin = bin;
    this.process = process;
    this.port = port;
    this.password = password;
    this.shutdownHook = new Thread(this::stopProcess, "postgres-test-server-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Initializes a cluster, starts the server and waits until it accepts connections. */
  public static PostgresServer start() throws IOException {
    Path bin = binDir();
    IllegalStateException last = null;
    // The free port is picked before the server binds it; another process may win the race.
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      Path dir = Files.createTempDirectory("adclick-postgres-");
      try {
        return startIn(dir, bin);
      } catch (IllegalStateException e) {
        Directories.deleteRecursively(dir);
        last = e;
      } catch (IOException | RuntimeException e) {
        Directories.deleteRecursively(dir);
        throw e;
      }
    }
    throw last;
  }

  private static PostgresServer startIn(Path dir, Path bin) throws IOException {
    byte[] random = new byte[8];
    new SecureRandom().nextBytes(random);
    String password = "pw-" + HexFormat.of().formatHex(random);
    Path passwordFile = Files.writeString(dir.resolve("password"), password + "\n");
    if (asRoot()) {
      handToOsUser(dir);
      handToOsUser(passwordFile);
    }
    Path data = dir.resolve("data");
    run(
        dir,
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-U",
            SUPERUSER,
            "--pwfile=" + passwordFile,
            "--auth-host=scram-sha-256",
            "--auth-local=trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync"),
        dir.resolve("initdb.log"));
    int port = LocalPorts.free();
    // Small on purpose: a test holds at most three registries (8 connections each) at once, and
    // the machine is shared with other builds.
    Process process =
        startAsServerUser(
            dir,
            List.of(
                bin.resolve("postgres").toString(),
                "-D",
                data.toString(),
                "-p",
                Integer.toString(port),
                "-k",
                dir.toString(),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "fsync=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "shared_buffers=16MB",
                "-c",
                "max_connections=40"),
            dir.resolve("postgres.log"));
    PostgresServer server = new PostgresServer(dir, bin, process, port, password);
    try {
      server.awaitConnections();
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private void awaitConnections() {
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      try (Connection c = connect("postgres")) {
        return;
      } catch (SQLException e) {
        last = e;
      }
      try {
        if (process.waitFor(100, TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException(
              "postgres exited with " + process.exitValue() + " at start:\n" + logTail());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting postgres", e);
      }
    }
    throw new IllegalStateException(
        "postgres did not accept connections within "
            + START_DEADLINE
            + " ("
            + (last == null ? "" : last.getMessage())
            + "):\n"
            + logTail());
  }

  /** Creates an empty database owned by the superuser. */
  public void createDatabase(String name) {
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain database name: " + name);
    }
    // CREATE DATABASE takes no parameters; the name was checked to be a plain identifier above.
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
  }

  /** A connection to a database of this server, as the superuser. */
  public Connection connect(String database) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", SUPERUSER);
    properties.setProperty("password", password);
    properties.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(jdbcUrl(database), properties);
  }

  /** A registry URI for a database on this server, without the password. */
  public String uri(String database) {
    return "postgresql://" + SUPERUSER + "@127.0.0.1:" + port + "/" + database;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** The superuser's password, random per server. */
  public String password() {
    return password;
  }

  public int port() {
    return port;
  }

  /**
   * Stops the server (fast shutdown: open sessions are ended) and deletes its directory.
   * Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stopProcess();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook runs or ran.
    }
    Directories.deleteRecursively(dir);
  }

  private void stopProcess() {
    if (!process.isAlive()) {
      return;
    }
    try {
      // Java can only send SIGTERM, a "smart" shutdown that waits for every client to leave;
      // pg_ctl sends SIGINT, which ends the sessions of a pool a failed test left open.
      Process stop =
          startAsServerUser(
              dir,
              List.of(
                  bin.resolve("pg_ctl").toString(),
                  "stop",
                  "-D",
                  dir.resolve("data").toString(),
                  "-m",
                  "fast",
                  "-w"),
              dir.resolve("pg_ctl.log"));
      stop.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
      stop.destroyForcibly();
      if (process.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
        return;
      }
    } catch (IOException e) {
      // Fall through to killing the process tree.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private String logTail() {
    StringBuilder out = new StringBuilder();
    for (String name : new String[] {"initdb.log", "postgres.log"}) {
      try {
        List<String> lines = Files.readAllLines(dir.resolve(name), UTF_8);
        lines
            .subList(Math.max(0, lines.size() - 20), lines.size())
            .forEach(l -> out.append(name).append(": ").append(l).append('\n'));
      } catch (IOException e) {
        out.append(name).append(": (").append(e.getMessage()).append(")\n");
      }
    }
    return out.toString();
  }

  /** Runs a command to its end, as the server's user; fails with its output if it fails. */
  private static void run(Path dir, List<String> command, Path log) throws IOException {
    Process process = startAsServerUser(dir, command, log);
    try {
      if (!process.waitFor(START_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IllegalStateException(command.get(0) + " did not finish in " + START_DEADLINE);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          command.get(0)
              + " exited with "
              + process.exitValue()
              + ":\n"
              + Files.readString(log, UTF_8));
    }
  }

  /** Starts a command in {@code dir} as the server's user, its output going to {@code log}. */
  private static Process startAsServerUser(Path dir, List<String> command, Path log)
      throws IOException {
    return new ProcessBuilder(asUser(command))
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static List<String> asUser(List<String> command) {
    if (!asRoot()) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", OS_USER, "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  private static boolean asRoot() {
    return new UnixSystem().getUid() == 0;
  }

  private static void handToOsUser(Path path) throws IOException {
    UserPrincipal user;
    try {
      user = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
    } catch (IOException e) {
      throw new IllegalStateException(
          "running as root, the PostgreSQL tests run the server as the '"
              + OS_USER
              + "' user, which does not exist: install Debian's postgresql package",
          e);
    }
    Files.setOwner(path, user);
  }

  /** The folder with initdb and postgres: the configured one or Debian's newest. */
  private static Path binDir() throws IOException {
    String configured = System.getenv(BIN_ENV);
    if (configured != null && !configured.isBlank()) {
      return requireServer(Path.of(configured));
    }
    if (Files.isDirectory(DEBIAN_ROOT)) {
      try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
        Path newest =
            versions
                .map(v -> v.resolve("bin"))
                .filter(b -> Files.isExecutable(b.resolve("postgres")))
                .max(Comparator.comparingInt(PostgresServer::majorVersion))
                .orElse(null);
        if (newest != null) {
          return requireServer(newest);
        }
      }
    }
    throw new IllegalStateException(
        "PostgreSQL is not installed, and the PostgreSQL registry tests need a real server:"
            + " install it (Debian/Ubuntu: apt-get install postgresql; .ci/run does this) or set "
            + BIN_ENV
            + " to the folder holding initdb and postgres");
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Path requireServer(Path bin) {
    for (String tool : new String[] {"initdb", "postgres", "pg_ctl"}) {
      if (!Files.isExecutable(bin.resolve(tool))) {
        throw new IllegalStateException(bin.resolve(tool) + " is missing or not executable");
      }
    }
    return bin;
  }
}
