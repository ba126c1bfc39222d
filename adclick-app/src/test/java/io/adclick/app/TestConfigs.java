package io.adclick.app;

import io.adclick.app.embedded.JobRuntime;
import io.adclick.app.embedded.JobStateBackend;
import io.adclick.click.HotAds;
import io.adclick.click.LinkPreviewAgents;
import io.adclick.http.BearerRateLimit;
import io.adclick.http.HttpLimits;
import io.adclick.reconcile.LakeRetention;
import io.adclick.registry.AdDirectory;
import io.adclick.store.Retention;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Server settings for integration tests: any free port, fast flushes and checkpoints. */
final class TestConfigs {
  static final String ADMIN = "it-admin-token-0123456789";
  static final Map<String, String> ENV =
      Map.of(
          Secrets.ADMIN_TOKEN_ENV,
          ADMIN,
          Secrets.TOKEN_SECRET_ENV,
          "it-token-secret-of-at-least-32-bytes!!");

  private TestConfigs() {}

  /** Starts a server with {@link #config} and waits until {@code /readyz} answers 200. */
  static AllInOneServer startHealthy(Path dataDir, String kafkaBootstrap) throws Exception {
    return startHealthy(config(dataDir, kafkaBootstrap, null));
  }

  /** Starts a server and waits until {@code /readyz} answers 200. */
  static AllInOneServer startHealthy(ServerConfig config) throws Exception {
    return startHealthy(config, ENV);
  }

  /** As {@link #startHealthy(ServerConfig)}, with this environment (secrets, passwords). */
  static AllInOneServer startHealthy(ServerConfig config, Map<String, String> env)
      throws Exception {
    AllInOneServer server = AllInOneServer.start(config, env);
    try {
      ApiClient api = new ApiClient(server.baseUrl());
      Eventually.assertThat(
          Duration.ofSeconds(120),
          "/readyz answers 200",
          () -> api.get("/readyz", (String) null).statusCode() == 200);
      return server;
    } catch (Exception | AssertionError e) {
      server.close();
      throw e;
    }
  }

  /** {@code base} serving only {@code roles}. */
  static ServerConfig withRoles(ServerConfig base, Roles roles) {
    return copy(
        base,
        base.lakeUri(),
        base.lakeRetention(),
        roles,
        base.registryUri(),
        base.adCacheStaleness());
  }

  /** {@code c} with another lake, lake retention, roles, registry and ad cache staleness. */
  static ServerConfig copy(
      ServerConfig c,
      String lakeUri,
      Duration lakeRetention,
      Roles roles,
      String registryUri,
      Duration adCacheStaleness) {
    return new ServerConfig(
        c.bindAddress(),
        c.port(),
        c.dataDir(),
        c.kafkaBootstrap(),
        c.storeUri(),
        lakeUri,
        c.publicUrl(),
        c.topic(),
        c.partitions(),
        c.job(),
        c.tokenLifetime(),
        c.flushInterval(),
        c.logAckTimeout(),
        c.spoolMaxBytes(),
        c.previewAgents(),
        c.hotAds(),
        c.httpLimits(),
        c.retention(),
        lakeRetention,
        c.queryRateLimit(),
        c.reconcileEvery(),
        c.duckDbMemoryMb(),
        roles,
        registryUri,
        adCacheStaleness);
  }

  /**
   * @param kafkaBootstrap an external broker, or null for the embedded one
   */
  static ServerConfig config(Path dataDir, String kafkaBootstrap) {
    return config(dataDir, kafkaBootstrap, null);
  }

  /**
   * @param storeUri the metrics store, or null for the embedded RocksDB one
   */
  static ServerConfig config(Path dataDir, String kafkaBootstrap, String storeUri) {
    return new ServerConfig(
        "127.0.0.1",
        0,
        dataDir,
        kafkaBootstrap,
        storeUri,
        null,
        null,
        "clicks",
        2,
        new JobRuntime(2, Duration.ofSeconds(2), JobStateBackend.FORST),
        Duration.ofHours(24),
        Duration.ofSeconds(1),
        ServerConfig.DEFAULT_LOG_ACK_TIMEOUT,
        ServerConfig.DEFAULT_SPOOL_MAX_BYTES,
        LinkPreviewAgents.defaults(),
        HotAds.Settings.defaults(),
        HttpLimits.defaults(),
        Retention.DEFAULT,
        LakeRetention.KEEP_FOREVER,
        BearerRateLimit.DEFAULT_PER_SECOND,
        ServerConfig.DEFAULT_RECONCILE_EVERY,
        256,
        Roles.ALL,
        null,
        AdDirectory.DEFAULT_STALENESS);
  }
}
