package io.adclick.reconcile;

import static io.adclick.reconcile.TestLake.candidate;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeCompactionTest {

  private static final long HOUR = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();

  @TempDir Path dir;
  private TestLake lake;
  private LakeCompaction compaction;
  private Path folder;

  @BeforeEach
  void setUp() throws Exception {
    lake = new TestLake(dir.resolve("lake"));
    compaction = new LakeCompaction(lake.root(), 256, dir.resolve("spill"));
    // One file per click, as TestLake writes them: three files in the hour.
    lake.commit(
        candidate(7, 1, "2026-03-01T10:00:10Z", 0, 100),
        candidate(7, 1, "2026-03-01T10:00:20Z", 0, 101),
        candidate(8, 2, "2026-03-01T10:30:00Z", 1, 7));
    folder = new LakeLayout(lake.root()).hourFolder(HOUR);
  }

  @Test
  void mergesAnHoursFilesIntoOneHoldingEveryClickOnce() throws Exception {
    List<RecountedMinute> before = recount();

    LakeCompaction.Merged merged = compaction.compactHour(HOUR);

    assertThat(merged.filesBefore()).isEqualTo(3);
    assertThat(files()).singleElement().asString().contains(LakeCompaction.MERGED_PREFIX);
    assertThat(positions()).containsExactly("0/100", "0/101", "1/7");
    assertThat(recount()).isEqualTo(before).hasSize(2);
  }

  @Test
  void anHourWithOneFileIsLeftAlone() throws Exception {
    compaction.compactHour(HOUR);
    List<String> once = files();

    assertThat(compaction.compactHour(HOUR)).isEqualTo(LakeCompaction.Merged.NOTHING);
    assertThat(files()).isEqualTo(once);
  }

  @Test
  void filesCommittedAfterAMergeAreMergedNextTime() throws Exception {
    compaction.compactHour(HOUR);
    lake.commit(candidate(9, 3, "2026-03-01T10:59:00Z", 1, 8)); // a late click

    assertThat(compaction.compactHour(HOUR).filesBefore()).isEqualTo(2);
    assertThat(files()).hasSize(1);
    assertThat(positions()).containsExactly("0/100", "0/101", "1/7", "1/8");
  }

  @Test
  void aMergeCutShortAfterItsRenameIsFinishedNextTime() throws Exception {
    // The state a crash between the rename and the deletes leaves: the merged file committed
    // beside the files it replaces, and the manifest naming them.
    List<Path> parts = committed();
    compaction.compactHour(HOUR);
    Path merged = committed().get(0);
    Path copyOfMerged = dir.resolve("merged.parquet");
    Files.copy(merged, copyOfMerged);
    String id = merged.getFileName().toString().replace(LakeCompaction.MERGED_PREFIX, "");
    id = id.substring(0, id.length() - ".parquet".length());
    lake.commit(
        candidate(7, 1, "2026-03-01T10:00:10Z", 0, 100),
        candidate(7, 1, "2026-03-01T10:00:20Z", 0, 101),
        candidate(8, 2, "2026-03-01T10:30:00Z", 1, 7));
    List<Path> replaced = new ArrayList<>(committed());
    replaced.remove(merged);
    Files.writeString(
        folder.resolve(".merge-manifest-" + id),
        String.join("\n", replaced.stream().map(p -> p.getFileName().toString()).toList()));
    assertThat(positions()).hasSize(6); // the moment a reader sees each click twice
    assertThat(recount()).extracting(RecountedMinute::clicks).containsExactly(1L, 1L);

    compaction.compactHour(HOUR);

    assertThat(positions()).containsExactly("0/100", "0/101", "1/7");
    assertThat(files()).hasSize(1);
    assertThat(parts).hasSize(3);
  }

  @Test
  void aMergeCutShortBeforeItsRenameIsUndoneNextTime() throws Exception {
    Files.writeString(folder.resolve(".merging-x.parquet"), "half written");
    Files.writeString(folder.resolve(".merge-manifest-x"), "clicks-0.parquet\n");

    compaction.compactHour(HOUR);

    assertThat(files()).hasSize(1); // the three merged; the half-written file and manifest gone
    assertThat(positions()).containsExactly("0/100", "0/101", "1/7");
  }

  @Test
  void aRangeCompactsEachOfItsHours() throws Exception {
    lake.commit(
        candidate(9, 4, "2026-03-01T11:10:00Z", 0, 102),
        candidate(9, 5, "2026-03-01T11:20:00Z", 0, 103));

    LakeCompaction.Merged merged = compaction.compactHours(HOUR + 60_000, HOUR + 2 * 3_600_000);

    assertThat(merged.filesBefore()).isEqualTo(5);
    assertThat(files()).hasSize(1);
    assertThat(compaction.compactHours(HOUR, HOUR + 2 * 3_600_000).filesBefore()).isZero();
  }

  @Test
  void anHourWithoutAFolderIsNothingToDo() throws Exception {
    assertThat(compaction.compactHour(HOUR + 3_600_000)).isEqualTo(LakeCompaction.Merged.NOTHING);
  }

  private List<RecountedMinute> recount() throws Exception {
    List<RecountedMinute> out = new ArrayList<>();
    try (RecountCursor rows = lake.recount().open(HOUR, HOUR + 3_600_000)) {
      rows.forEachRemaining(out::add);
    }
    return out;
  }

  /** Every file in the hour's folder, hidden ones too. */
  private List<String> files() throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private List<Path> committed() throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(LakeLayout.COMMITTED_PREFIX))
          .sorted()
          .toList();
    }
  }

  /** The log position of every committed row of the hour, sorted. */
  private List<String> positions() throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT kafka_partition || '/' || kafka_offset FROM read_parquet('"
                    + folder.resolve(LakeLayout.COMMITTED_GLOB)
                    + "') ORDER BY kafka_partition, kafka_offset")) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }
}
