package io.adclick.reconcile;

import static io.adclick.reconcile.TestLake.candidate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ad-hoc SQL over real Parquet files: answers SELECTs over the view, refuses everything else. */
class LakeSqlTest {

  @TempDir Path dir;
  private TestLake lake;
  private LakeSql sql;

  @BeforeEach
  void setUp() throws Exception {
    lake = new TestLake(dir.resolve("lake"));
    lake.commit(
        candidate(7, 1, "2026-03-01T10:00:10Z", 0, 100),
        candidate(7, 2, "2026-03-01T11:00:20Z", 0, 101),
        candidate(8, 3, "2026-03-02T00:00:20Z", 1, 5));
    lake.inProgress(candidate(9, 4, "2026-03-01T10:00:30Z", 0, 102));
    sql = new LakeSql(lake.root(), 2, Duration.ofSeconds(10), 256);
  }

  @Test
  void countsTheCommittedClicksWithTheirFolders() throws Exception {
    SqlAnswer answer =
        sql.query(
            "SELECT ad_id, count(*) AS n, min(dt) AS dt FROM clicks GROUP BY ad_id ORDER BY 1");

    assertThat(answer.columns()).containsExactly("ad_id", "n", "dt");
    assertThat(answer.rows())
        .containsExactly(List.of(7L, 2L, "2026-03-01"), List.of(8L, 1L, "2026-03-02"));
    assertThat(answer.truncated()).isFalse();
  }

  @Test
  void cutsLongAnswersAndSaysSo() throws Exception {
    SqlAnswer answer = sql.query("SELECT * FROM range(5)");

    assertThat(answer.rows()).hasSize(2);
    assertThat(answer.truncated()).isTrue();
  }

  @Test
  void anEmptyLakeIsAnEmptyView() throws Exception {
    LakeSql empty = new LakeSql(dir.resolve("nothing"), 10, Duration.ofSeconds(10), 256);

    assertThat(empty.query("SELECT count(*) AS n FROM clicks").rows()).containsExactly(List.of(0L));
  }

  @Test
  void refusesEveryStatementButASingleSelect() {
    Path out = dir.resolve("lake").resolve("out.csv");
    for (String write :
        List.of(
            "COPY (SELECT * FROM clicks) TO '" + out + "'",
            "COPY (SELECT 1) TO '" + dir.resolve("elsewhere.csv") + "'",
            "ATTACH '" + dir.resolve("x.duckdb") + "' AS x",
            "ATTACH ':memory:' AS m",
            "EXPORT DATABASE '" + dir.resolve("export") + "'",
            "INSTALL httpfs",
            "LOAD httpfs",
            "CREATE TABLE t AS SELECT 1",
            "SET enable_external_access = true",
            "SELECT 1; COPY (SELECT 1) TO '" + out + "'",
            "SELECT 1; SELECT 2")) {
      assertThatThrownBy(() -> sql.query(write))
          .as(write)
          .isInstanceOf(SqlRefused.class)
          .hasMessageContaining("SELECT");
    }
    assertThat(out).doesNotExist();
    assertThat(dir.resolve("x.duckdb")).doesNotExist();
    assertThat(dir.resolve("export")).doesNotExist();
  }

  @Test
  void readsNoFileOutsideTheLake() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.csv"), "a\n1\n");

    assertThatThrownBy(() -> sql.query("SELECT * FROM read_csv('" + secret + "')"))
        .isInstanceOf(SqlRefused.class)
        .hasMessageContaining("disabled by configuration");
    assertThatThrownBy(() -> sql.query("SELECT * FROM query('COPY (SELECT 1) TO ''x.csv''')"))
        .isInstanceOf(SqlRefused.class);
  }

  @Test
  void aQueryPastItsTimeoutIsCancelled() {
    LakeSql impatient = new LakeSql(lake.root(), 10, Duration.ofSeconds(1), 256);

    assertThatThrownBy(
            () ->
                impatient.query(
                    "SELECT count(*) FROM range(100000000) a, range(100000000) b WHERE a.range = b.range + 1"))
        .isInstanceOf(SqlRefused.class)
        .hasMessageContaining("longer than 1 s");
  }
}
