package io.adclick.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adclick.registry.rocksdb.RocksDbAdRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdRegistriesTest {

  private static final Clock CLOCK = Clock.systemUTC();

  @TempDir Path dataDir;

  @Test
  void rocksdbOrNothingOpensTheEmbeddedRegistryInTheDataDirectory() {
    for (String uri : new String[] {null, "", "rocksdb"}) {
      try (AdRegistry registry = AdRegistries.open(uri, dataDir, CLOCK, Map.of())) {
        assertThat(registry).isInstanceOf(RocksDbAdRegistry.class);
      }
    }
    assertThat(dataDir.resolve("registry")).isDirectory();
  }

  @Test
  void aDirectoryOpensTheEmbeddedRegistryThere() {
    Path elsewhere = dataDir.resolve("elsewhere");
    try (AdRegistry registry =
        AdRegistries.open("rocksdb:" + elsewhere, dataDir, CLOCK, Map.of())) {
      registry.createAdvertiser("Acme", ApiKeys.hash("k1"));
    }
    try (AdRegistry registry = AdRegistries.open(elsewhere.toString(), dataDir, CLOCK, Map.of())) {
      assertThat(registry.advertiser(1)).isPresent();
    }
    assertThat(Files.exists(dataDir.resolve("registry"))).isFalse();
  }

  @Test
  void anUnknownSchemeIsRefusedRatherThanTakenForADirectory() {
    assertThatThrownBy(() -> AdRegistries.open("postgresq://db/registry", dataDir, CLOCK, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postgresql://");
    assertThat(dataDir).isEmptyDirectory();
  }

  @Test
  void aPostgresqlUriThatReachesNoServerFailsClearly() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String uri = "postgresql://ads@127.0.0.1:" + port + "/registry";
    Map<String, String> env = Map.of("ADCLICK_REGISTRY_PASSWORD", "env-secret");

    assertThatThrownBy(() -> AdRegistries.open(uri, dataDir, CLOCK, env))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("127.0.0.1:" + port)
        .hasMessageNotContaining("env-secret");
  }
}
