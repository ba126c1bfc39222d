package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.click.LinkPreviewAgents;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeCommandTest {

  @Test
  void previewAgentsAndIdleTimeoutDefaultToTheBuiltInValues() {
    ServeCommand serve = parse();

    assertThat(LinkPreviewAgents.parse(serve.previewAgents).entries())
        .isEqualTo(LinkPreviewAgents.DEFAULTS);
    assertThat(serve.idleTimeout).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void previewAgentsAndIdleTimeoutCanBeSet() {
    ServeCommand serve = parse("--preview-agents", "default,AcmeBot", "--idle-timeout", "5s");

    assertThat(LinkPreviewAgents.parse(serve.previewAgents).entries())
        .contains("acmebot", "slackbot");
    assertThat(serve.idleTimeout).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void storeDefaultsToRocksDbInTheDataDirectoryAndCanBeClickHouse() {
    ServeCommand defaults = parse("--data-dir", "/srv/adclick");
    assertThat(defaults.store).isNull();

    ServeCommand clickhouse = parse("--store", "clickhouse://ch:8123/adclick");
    assertThat(clickhouse.store).isEqualTo("clickhouse://ch:8123/adclick");
  }

  @Test
  void theStoreUriFallsBackToRocksDbUnderTheDataDirectory() {
    Path dataDir = Path.of("/srv/adclick");
    ServerConfig embedded = TestConfigs.config(dataDir, null);
    assertThat(embedded.storeUriOr(dataDir)).isEqualTo("rocksdb:" + dataDir.resolve("metrics"));
  }

  @Test
  void theLakeDefaultsToAFolderUnderTheDataDirectoryAndCanBeAnyUri() {
    Path dataDir = Path.of("/srv/adclick");
    assertThat(parse("--data-dir", "/srv/adclick").lake).isNull();
    assertThat(TestConfigs.config(dataDir, null).lakeUriOr(dataDir))
        .isEqualTo(dataDir.resolve("lake").toString());

    assertThat(parse("--lake", "s3://bucket/lake").lake).isEqualTo("s3://bucket/lake");
  }

  @Test
  void reconciliationIsHourlyByDefaultAndZeroTurnsItOff() {
    assertThat(parse().reconcileEvery).isEqualTo(Duration.ofHours(1));
    assertThat(parse().duckDbMemoryMb).isEqualTo(ServerConfig.DEFAULT_DUCKDB_MEMORY_MB);

    assertThat(parse("--reconcile-every", "0").reconcileEvery).isEqualTo(Duration.ZERO);
    assertThat(parse("--reconcile-every", "15m").reconcileEvery).isEqualTo(Duration.ofMinutes(15));
  }

  private static ServeCommand parse(String... args) {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(args);
    return serve;
  }
}
