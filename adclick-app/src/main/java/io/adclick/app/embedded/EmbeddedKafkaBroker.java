package io.adclick.app.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker running inside this JVM: one KRaft node that is both
 * broker and controller, listening on 127.0.0.1 only.
 *
 * <p>It wraps Kafka's server internals ({@code KafkaRaftServer}, {@code KafkaConfig} and the
 * storage {@code Formatter}). Those are not a public API and change between Kafka releases, so they
 * are confined to this one class; everything else talks to the broker through {@link
 * #bootstrapServers()} and the ordinary Kafka clients.
 *
 * <p>The data directory is formatted once (which is when the cluster id is generated and written to
 * {@code meta.properties}); later starts reuse it, so topics, records and committed offsets survive
 * a restart.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  private static final String HOST = "127.0.0.1";
  private static final int NODE_ID = 1;
  private static final String CLIENT_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String LOG_DIR_NAME = "kafka-logs";
  private static final String META_PROPERTIES = "meta.properties";
  private static final String LOCK_FILE = ".embedded-kafka.lock";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration ADMIN_CALL_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

  /** Free ports are probed then released, so another process may grab one before Kafka binds. */
  private static final int MAX_BIND_ATTEMPTS = 3;

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final FileChannel dataDirLock;
  private boolean closed;

  private EmbeddedKafkaBroker(
      KafkaRaftServer server, String bootstrapServers, FileChannel dataDirLock) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.dataDirLock = dataDirLock;
  }

  /**
   * Formats dataDir on first use, starts the broker bound to 127.0.0.1:port (port 0 = pick a free
   * port), and returns once it accepts clients.
   */
  public static EmbeddedKafkaBroker start(Path dataDir, int port) throws Exception {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0 (any free port) or 1-65535: " + port);
    }
    if (port != 0) {
      requireFree(port);
    }
    Path logDir = dataDir.toAbsolutePath().resolve(LOG_DIR_NAME);
    FileChannel lock = lockDataDir(logDir);
    try {
      return startWithRetries(logDir, port, lock);
    } catch (Exception | Error e) {
      try {
        lock.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** "127.0.0.1:PORT" of the client listener. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Shuts the broker down and waits for it; safe to call twice. */
  @Override
  public synchronized void close() {
    // Synchronized so that a second caller also returns only once the broker is really down.
    if (closed) {
      return;
    }
    closed = true;
    try {
      stopServer();
    } finally {
      releaseLock();
    }
  }

  private static EmbeddedKafkaBroker startWithRetries(Path logDir, int port, FileChannel lock)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce(logDir, port, lock);
      } catch (Exception e) {
        if (attempt >= MAX_BIND_ATTEMPTS || !isBindFailure(e)) {
          throw e;
        }
        LOG.warn("Kafka could not bind its ports (attempt {}), retrying with new ones", attempt);
      }
    }
  }

  private static EmbeddedKafkaBroker startOnce(Path logDir, int port, FileChannel lock)
      throws Exception {
    int clientPort = port == 0 ? freePort() : port;
    int controllerPort = freePortOtherThan(clientPort);
    KafkaConfig config = new KafkaConfig(brokerProperties(logDir, clientPort, controllerPort));
    formatIfNeeded(logDir);

    Instant started = Instant.now();
    EmbeddedKafkaBroker broker =
        new EmbeddedKafkaBroker(
            new KafkaRaftServer(config, Time.SYSTEM), HOST + ":" + clientPort, lock);
    LOG.info(
        "Starting embedded Kafka broker on {} (controller on port {})",
        broker.bootstrapServers,
        controllerPort);
    boolean ready = false;
    try {
      broker.server.startup();
      broker.awaitReady(started.plus(READY_TIMEOUT));
      ready = true;
    } catch (Exception e) {
      throw new IllegalStateException(
          "Embedded Kafka broker for "
              + logDir
              + " on "
              + broker.bootstrapServers
              + " failed to start and become ready within "
              + READY_TIMEOUT.toSeconds()
              + " s: "
              + e.getMessage(),
          e);
    } finally {
      if (!ready) {
        // Keeps the data directory lock: start() may retry, and releases it otherwise.
        broker.stopServerQuietly();
      }
    }
    LOG.info(
        "Embedded Kafka broker ready on {} (data in {}) after {} ms",
        broker.bootstrapServers,
        logDir,
        Duration.between(started, Instant.now()).toMillis());
    return broker;
  }

  private static Map<String, Object> brokerProperties(
      Path logDir, int clientPort, int controllerPort) {
    Map<String, Object> props = new HashMap<>();
    props.put("process.roles", "broker,controller");
    props.put("node.id", NODE_ID);
    // A static voter set (not a dynamic, KIP-853 quorum) keeps voter endpoints out of the
    // metadata log, so the controller port may change freely between restarts.
    props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put(
        "listeners",
        CLIENT_LISTENER
            + "://"
            + HOST
            + ":"
            + clientPort
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + HOST
            + ":"
            + controllerPort);
    props.put("advertised.listeners", CLIENT_LISTENER + "://" + HOST + ":" + clientPort);
    props.put("inter.broker.listener.name", CLIENT_LISTENER);
    props.put(
        "listener.security.protocol.map",
        CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    // Bounds KafkaRaftServer.startup(), which otherwise waits forever e.g. for unfencing.
    props.put("server.max.startup.time.ms", READY_TIMEOUT.toMillis());
    props.putAll(singleNodeReplication());
    props.putAll(retention());
    props.putAll(modestResources());
    // KafkaConfig rejects typed values that are not exactly its own type (e.g. an Integer for a
    // short); as text, every value is parsed like a server.properties file.
    props.replaceAll((key, value) -> String.valueOf(value));
    return props;
  }

  /**
   * One node can only ever hold one replica. With the defaults (3) the internal offsets and
   * transaction topics could never be created, so consumer groups and transactions would hang.
   */
  private static Map<String, Object> singleNodeReplication() {
    return Map.ofEntries(
        Map.entry("default.replication.factor", 1),
        Map.entry("min.insync.replicas", 1),
        Map.entry("num.partitions", 1),
        // Topics are created deliberately; a typo in a client must not invent a topic.
        Map.entry("auto.create.topics.enable", false),
        Map.entry("offsets.topic.replication.factor", 1),
        Map.entry("transaction.state.log.replication.factor", 1),
        Map.entry("transaction.state.log.min.isr", 1),
        Map.entry("share.coordinator.state.topic.replication.factor", 1),
        Map.entry("share.coordinator.state.topic.min.isr", 1),
        // Nobody else will join: do not hold the first consumer group rebalance back 3 s.
        Map.entry("group.initial.rebalance.delay.ms", 0),
        // Flink's exactly-once Kafka sink asks for 1 h transactions; the default cap (15 min)
        // would make its producers fail with InvalidTxnTimeoutException.
        Map.entry("transaction.max.timeout.ms", (int) Duration.ofHours(1).toMillis()));
  }

  private static Map<String, Object> retention() {
    return Map.of(
        // Bounds disk use. Clicks older than a week are only needed by reconciliation, which
        // reads them from the data lake, not from Kafka.
        "log.retention.hours",
        168,
        // Retention deletes whole closed segments only; rolling daily keeps the bound near 7 days
        // on a quiet topic instead of up to 14.
        "log.roll.hours",
        24);
  }

  /** A single local node shares the machine with Flink and the HTTP servers; keep it small. */
  private static Map<String, Object> modestResources() {
    return Map.ofEntries(
        Map.entry("num.network.threads", 2),
        Map.entry("num.io.threads", 2),
        Map.entry("background.threads", 2),
        Map.entry("num.recovery.threads.per.data.dir", 1),
        Map.entry("num.replica.fetchers", 1),
        Map.entry("log.cleaner.threads", 1),
        // The default 128 MiB cleaner buffer is allocated up front; the compacted internal topics
        // of one small node need far less.
        Map.entry("log.cleaner.dedupe.buffer.size", 8 * 1024 * 1024),
        Map.entry("socket.send.buffer.bytes", 64 * 1024),
        Map.entry("socket.receive.buffer.bytes", 64 * 1024),
        Map.entry("queued.max.requests", 100),
        // Each internal-topic partition costs open files and memory-mapped indexes.
        Map.entry("offsets.topic.num.partitions", 1),
        Map.entry("transaction.state.log.num.partitions", 1));
  }

  /** Formats only a fresh directory: formatting again would mint a new cluster id. */
  private static void formatIfNeeded(Path logDir) throws Exception {
    if (Files.exists(logDir.resolve(META_PROPERTIES))) {
      return;
    }
    String clusterId = Uuid.randomUuid().toString();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      new Formatter()
          .setPrintStream(print)
          .setNodeId(NODE_ID)
          .setClusterId(clusterId)
          .addDirectory(logDir.toString())
          .setMetadataLogDirectory(logDir.toString())
          .setControllerListenerName(CONTROLLER_LISTENER)
          // No release version: the formatter then picks the latest production metadata.version,
          // and MetadataVersion lives in kafka-server-common, which is only a runtime dependency.
          .run();
    }
    LOG.info(
        "Formatted Kafka data directory {} with cluster id {}: {}",
        logDir,
        clusterId,
        output.toString(StandardCharsets.UTF_8).trim());
  }

  private void awaitReady(Instant deadline) throws Exception {
    try (Admin admin = admin()) {
      Exception last = null;
      while (Instant.now().isBefore(deadline)) {
        try {
          if (!admin
              .describeCluster()
              .nodes()
              .get(remaining(deadline), TimeUnit.MILLISECONDS)
              .isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          last = e;
        }
        pause();
      }
      throw new TimeoutException("the broker did not answer describeCluster: " + last);
    }
  }

  /** Returns once the broker's own metadata knows the topic, so clients can use it right away. */
  private Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            AdminClientConfig.CLIENT_ID_CONFIG,
            "embedded-kafka-admin",
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            (int) ADMIN_CALL_TIMEOUT.toMillis(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            (int) ADMIN_CALL_TIMEOUT.toMillis()));
  }

  /**
   * Kafka only locks its log directory once the broker part starts, after the controller part has
   * already written to the metadata log there; a second instance on the same directory could
   * corrupt it before being refused. So the whole directory is claimed before anything starts.
   */
  private static FileChannel lockDataDir(Path logDir) throws IOException {
    Files.createDirectories(logDir);
    FileChannel channel =
        FileChannel.open(
            logDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      if (channel.tryLock() != null) {
        return channel;
      }
    } catch (OverlappingFileLockException e) {
      // Held by another broker in this same JVM; reported below like one in another process.
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    channel.close();
    throw new IllegalStateException(
        "Kafka data directory " + logDir + " is in use by another embedded Kafka broker");
  }

  private void stopServer() {
    Instant started = Instant.now();
    server.shutdown();
    server.awaitShutdown();
    LOG.info(
        "Embedded Kafka broker on {} stopped in {} ms",
        bootstrapServers,
        Duration.between(started, Instant.now()).toMillis());
  }

  private void stopServerQuietly() {
    try {
      stopServer();
    } catch (RuntimeException e) {
      LOG.warn("Error while shutting down a Kafka broker that failed to start", e);
    }
  }

  private void releaseLock() {
    try {
      dataDirLock.close();
    } catch (IOException e) {
      LOG.warn("Could not release the lock on the Kafka data directory", e);
    }
  }

  private static long remaining(Instant deadline) {
    return Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
  }

  private static void pause() throws InterruptedException {
    Thread.sleep(RETRY_PAUSE.toMillis());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }

  /** A taken fixed port would only fail deep inside Kafka's startup, with a noisy log. */
  private static void requireFree(int port) {
    try {
      new ServerSocket(port, 1, InetAddress.getByName(HOST)).close();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Embedded Kafka broker cannot listen on " + HOST + ":" + port + ": " + e.getMessage(), e);
    }
  }

  private static int freePortOtherThan(int taken) throws IOException {
    int port = freePort();
    while (port == taken) {
      port = freePort();
    }
    return port;
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }
}
