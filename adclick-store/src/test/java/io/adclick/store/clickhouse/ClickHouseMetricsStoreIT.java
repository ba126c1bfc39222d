package io.adclick.store.clickhouse;

import static io.adclick.time.Granularity.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adclick.store.MetricsStore;
import io.adclick.store.MetricsStoreContract;
import io.adclick.store.MetricsStores;
import io.adclick.time.Granularity;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract, and what is particular to ClickHouse, against a real server ({@link
 * ClickHouseServer}, one per class); each test gets its own database, dropped afterwards.
 */
class ClickHouseMetricsStoreIT extends MetricsStoreContract {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static ClickHouseServer server;

  private final String database = "adclick_it_" + DATABASES.incrementAndGet();
  private final List<MetricsStore> opened = new ArrayList<>();

  @BeforeAll
  static void startServer() throws Exception {
    server = ClickHouseServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void dropDatabase() {
    opened.forEach(MetricsStore::close);
    server.dropDatabase(database);
  }

  @Override
  protected MetricsStore store() {
    return open(Map.of());
  }

  private ClickHouseMetricsStore open(Map<String, String> env) {
    ClickHouseMetricsStore store = ClickHouseMetricsStore.open(server.uri(database), env);
    opened.add(store);
    return store;
  }

  private String sql(String query) {
    return server.http(database).execute(query).strip();
  }

  @Test
  void tablesWithSketchesReadSmallGranules() {
    store();

    for (Granularity g : Granularity.values()) {
      assertThat(
              sql(
                  "SELECT engine_full FROM system.tables WHERE database = currentDatabase()"
                      + " AND name = '"
                      + Schema.table(g)
                      + "' FORMAT TabSeparated"))
          .as(g.apiName())
          .endsWith("index_granularity = " + (g == MINUTE ? 8192 : 1024));
    }
  }

  @Test
  void aDatabaseOfAnOlderLayoutWithoutUsersIsRefusedWithAReason() {
    ClickHouseHttp http = server.http(database);
    http.executeOnServer("CREATE DATABASE " + database);
    http.execute(
        "CREATE TABLE ad_hour (advertiser Int64, ad Int64, bucket Int64, salt UInt8,"
            + " clicks UInt64) ENGINE = ReplacingMergeTree(clicks)"
            + " ORDER BY (advertiser, ad, bucket, salt)");

    assertThatThrownBy(() -> open(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("older adclick without unique users")
        .hasMessageContaining(database);
  }

  @Test
  void schemaIsReplacingMergeTreeTablesPartitionedByPeriodAndRoutedFromOneInsert() {
    MetricsStore store = store();
    store.upsert(
        List.of(minute(1, 0, 5), count(io.adclick.time.Granularity.HOUR, ADV, 1, T0, 5, 0)));

    assertThat(
            sql(
                "SELECT engine FROM system.tables WHERE database = currentDatabase()"
                    + " AND name = 'ad_minute'"))
        .isEqualTo("ReplacingMergeTree");
    long day = T0 / io.adclick.time.Granularity.DAY.millis();
    assertThat(
            sql(
                "SELECT DISTINCT partition FROM system.parts WHERE database = currentDatabase()"
                    + " AND table = 'ad_minute' AND active"))
        .isEqualTo(Long.toString(day));
    assertThat(sql("SELECT count() FROM ad_hour")).isEqualTo("1");
    assertThat(sql("SELECT count() FROM counts_in")).isEqualTo("0");
  }

  @Test
  void totalsStayTheLargestAfterTheServerMergesThem() {
    MetricsStore store = store();
    store.upsert(List.of(minute(1, 0, 300), count(MINUTE, ADV, 1, T0, 40, 2)));
    store.upsert(List.of(minute(1, 0, 250), count(MINUTE, ADV, 1, T0, 39, 2)));
    store.upsert(List.of(minute(1, 0, 300)));

    sql("OPTIMIZE TABLE ad_minute FINAL");

    assertThat(sql("SELECT count() FROM ad_minute")).isEqualTo("2");
    assertThat(store.adSeries(MINUTE, ADV, 1, T0, T0 + MIN)).containsExactly(at(0, 340));
    assertThat(store.advertiserSeries(MINUTE, ADV, T0, T0 + MIN)).containsExactly(at(0, 340));
  }

  @Test
  void openingTwiceAndConcurrentlyKeepsTheSchemaAndData() throws Exception {
    store().upsert(List.of(minute(1, 0, 5)));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<ClickHouseMetricsStore>> opening = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        opening.add(pool.submit(() -> ClickHouseMetricsStore.open(server.uri(database), Map.of())));
      }
      for (Future<ClickHouseMetricsStore> f : opening) {
        ClickHouseMetricsStore other = f.get();
        opened.add(other);
        assertThat(other.adSeries(MINUTE, ADV, 1, 0, Long.MAX_VALUE)).containsExactly(at(0, 5));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void completeThroughIsSharedByHandlesAndNeverMovesBackwards() {
    ClickHouseMetricsStore first = open(Map.of());
    ClickHouseMetricsStore second = open(Map.of());

    first.advanceCompleteThrough(T0 + MIN);
    second.advanceCompleteThrough(T0);

    assertThat(second.completeThrough()).isEqualTo(T0 + MIN);
    assertThat(first.completeThrough()).isEqualTo(T0 + MIN);
    sql("OPTIMIZE TABLE complete_through FINAL");
    assertThat(second.completeThrough()).isEqualTo(T0 + MIN);
  }

  @Test
  void credentialsComeFromTheEnvironmentAndAWrongPasswordIsAClearErrorWithoutIt() {
    ClickHouseMetricsStore store =
        open(
            Map.of(
                ClickHouseEndpoint.USER_ENV, "adclick_it",
                ClickHouseEndpoint.PASSWORD_ENV, "it-only-password"));
    store.upsert(List.of(minute(1, 0, 5)));
    assertThat(store.adSeries(MINUTE, ADV, 1, 0, Long.MAX_VALUE)).containsExactly(at(0, 5));

    assertThatThrownBy(
            () ->
                ClickHouseMetricsStore.open(
                    server.uri(database),
                    Map.of(
                        ClickHouseEndpoint.USER_ENV, "adclick_it",
                        ClickHouseEndpoint.PASSWORD_ENV, "not-the-password")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("ClickHouse at " + server.uri(database))
        .hasMessageContaining("password")
        .hasMessageNotContaining("not-the-password");
  }

  @Test
  void serverErrorsCarryClickHousesMessageButNoStackTrace() {
    store();
    assertThatThrownBy(() -> sql("SELECT no_such_column FROM ad_minute"))
        .isInstanceOf(ClickHouseException.class)
        .hasMessageContaining("no_such_column")
        .hasMessageNotContaining("Stack trace")
        .satisfies(e -> assertThat(((ClickHouseException) e).code()).isEqualTo(47));
  }

  @Test
  void metricsStoresOpensClickHouseUris() {
    try (MetricsStore store = MetricsStores.open(server.uri(database), Map.of())) {
      assertThat(store).isInstanceOf(ClickHouseMetricsStore.class);
      store.upsert(List.of(minute(1, 0, 5)));
      assertThat(store.adSeries(MINUTE, ADV, 1, 0, Long.MAX_VALUE)).containsExactly(at(0, 5));
    }
  }

  @Test
  void aClosedHandleRefusesUse() {
    MetricsStore store = store();
    store.close();
    assertThatThrownBy(store::completeThrough).isInstanceOf(IllegalStateException.class);
  }
}
