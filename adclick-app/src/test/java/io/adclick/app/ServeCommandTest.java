package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adclick.click.LinkPreviewAgents;
import io.adclick.reconcile.LakeRetention;
import java.io.PrintWriter;
import java.io.StringWriter;
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
  void theLakeIsKeptForeverUnlessARetentionIsSet() {
    assertThat(parse().lakeRetention).isEqualTo(LakeRetention.KEEP_FOREVER);
    assertThat(parse("--lake-retention", "0").lakeRetention).isZero();
    assertThat(parse("--lake-retention", "30d").lakeRetention).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void aLakeRetentionShorterThanTheTokenLifetimeAndADayIsRefused() {
    ServerConfig base = TestConfigs.config(Path.of("/srv/adclick"), null);

    assertThatThrownBy(() -> withLakeRetention(base, Duration.ofHours(47)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token lifetime");
    assertThat(withLakeRetention(base, Duration.ofHours(48)).lakeRetention())
        .isEqualTo(Duration.ofHours(48));
  }

  @Test
  void serveReportsATooShortLakeRetentionAsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ServeCommand()).setErr(new PrintWriter(err));

    // A bad state backend too: were the retention let through, the server would refuse to start
    // on that (exit 1) rather than run.
    int exit = cli.execute("--lake-retention", "1d", "--state-backend", "none-such");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--lake-retention PT24H is shorter");
  }

  @Test
  void aSplitRoleWithEmbeddedSharedPartsIsAUsageErrorNamingEachOne() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ServeCommand()).setErr(new PrintWriter(err));

    int exit = cli.execute("--role", "click,query", "--state-backend", "none-such");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("--role click,query")
        .contains("needs an external Kafka (--kafka")
        .contains("need a shared store (--store clickhouse://")
        .contains("need a shared registry (--registry postgresql://");
  }

  @Test
  void anUnknownRoleIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ServeCommand()).setErr(new PrintWriter(err));

    assertThat(cli.execute("--role", "clicks")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown role 'clicks'");
  }

  @Test
  void rolesDefaultToAllAndCombine() {
    assertThat(Roles.parse(parse().role)).isEqualTo(Roles.ALL);
    Roles split = Roles.parse(parse("--role", "Click, query").role);
    assertThat(split.serves(Roles.Role.CLICK)).isTrue();
    assertThat(split.serves(Roles.Role.QUERY)).isTrue();
    assertThat(split.serves(Roles.Role.ADMIN)).isFalse();
    assertThat(split.isAll()).isFalse();
    assertThat(
            split.problemsWith(
                "kafka:9092", "clickhouse://ch:8123/adclick", "postgresql://pg:5432/adclick"))
        .isEmpty();
  }

  @Test
  void retentionAppliesToALakeInALocalFolderOnly() {
    Path dataDir = Path.of("/srv/adclick");
    ServerConfig embedded = TestConfigs.config(dataDir, null);
    assertThat(embedded.localLakeOr(dataDir)).contains(dataDir.resolve("lake"));
    assertThat(withLake(embedded, "/mnt/lake").localLakeOr(dataDir)).contains(Path.of("/mnt/lake"));
    assertThat(withLake(embedded, "file:///mnt/lake").localLakeOr(dataDir))
        .contains(Path.of("/mnt/lake"));
    assertThat(withLake(embedded, "s3://bucket/lake").localLakeOr(dataDir)).isEmpty();
    assertThat(withLake(embedded, "hdfs://nn:8020/lake").localLakeOr(dataDir)).isEmpty();
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

  private static ServerConfig withLakeRetention(ServerConfig c, Duration lakeRetention) {
    return copy(c, c.lakeUri(), lakeRetention);
  }

  private static ServerConfig withLake(ServerConfig c, String lakeUri) {
    return copy(c, lakeUri, c.lakeRetention());
  }

  private static ServerConfig copy(ServerConfig c, String lakeUri, Duration lakeRetention) {
    return TestConfigs.copy(
        c, lakeUri, lakeRetention, c.roles(), c.registryUri(), c.adCacheStaleness());
  }
}
