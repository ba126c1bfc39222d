package io.adclick.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention over a real folder in the archive's layout, with a fixed clock. */
class LakeRetentionTest {

  private static final Instant NOW = Instant.parse("2026-03-31T12:34:00Z");
  private static final Duration THIRTY_DAYS = Duration.ofDays(30);

  @TempDir Path dir;

  @Test
  void deletesWholeDaysAndHoursThatEndedBeforeTheRetention() throws Exception {
    // Thirty days before NOW is 2026-03-01T12:34Z: hours up to 12:00 have ended by then.
    Path oldDay = part("2026-02-27T05:00:00Z", "clicks-a-0-1.parquet");
    part("2026-02-27T23:00:00Z", "clicks-a-0-2.parquet");
    Path lastOldHour = part("2026-03-01T11:00:00Z", "clicks-a-0-3.parquet");
    Path firstKeptHour = part("2026-03-01T12:00:00Z", "clicks-a-0-4.parquet");

    int deleted = retention(THIRTY_DAYS).deleteExpired();

    assertThat(deleted).isEqualTo(3);
    assertThat(lake().resolve("dt=2026-02-27")).doesNotExist();
    assertThat(oldDay).doesNotExist();
    assertThat(lastOldHour.getParent()).doesNotExist();
    assertThat(firstKeptHour).exists();
  }

  @Test
  void keepsTheBoundaryHourAndEverythingAfter() throws Exception {
    Path boundary = part("2026-03-01T12:00:00Z", "clicks-a-0-1.parquet");
    Path later = part("2026-03-15T00:00:00Z", "clicks-a-0-2.parquet");

    int deleted = retention(THIRTY_DAYS).deleteExpired();

    assertThat(deleted).isZero();
    assertThat(boundary).exists();
    assertThat(later).exists();
  }

  @Test
  void keepsTheCurrentHour() throws Exception {
    Path current = part("2026-03-31T12:00:00Z", ".clicks-a-0-9.parquet.inprogress.1234");

    retention(Duration.ofDays(2)).deleteExpired();

    assertThat(current).exists();
  }

  @Test
  void keepsAnOldHourTheJobIsWritingTo() throws Exception {
    Path replayed = part("2026-02-01T10:00:00Z", ".clicks-a-0-9.parquet.inprogress.1234");
    Path committed = replayed.resolveSibling("clicks-a-0-8.parquet");
    Files.writeString(committed, "parquet");
    Files.setLastModifiedTime(replayed, FileTime.from(NOW.minusSeconds(5)));

    int deleted = retention(THIRTY_DAYS).deleteExpired();

    assertThat(deleted).isZero();
    assertThat(replayed).exists();
    assertThat(committed).exists();
  }

  @Test
  void deletesPartFilesAStoppedJobLeftUncommitted() throws Exception {
    Path left = part("2026-02-01T10:00:00Z", ".clicks-a-0-9.parquet.inprogress.1234");

    retention(THIRTY_DAYS).deleteExpired();

    assertThat(left.getParent().getParent()).doesNotExist();
  }

  @Test
  void ignoresForeignFilesAndFolders() throws Exception {
    Path withNotes = part("2026-02-01T10:00:00Z", "clicks-a-0-1.parquet");
    Path notes = Files.writeString(withNotes.resolveSibling("notes.txt"), "keep me");
    Path readme = Files.writeString(lake().resolve("README"), "keep me");
    Path oddDay = Files.createDirectories(lake().resolve("dt=2026-2-1").resolve("hour=10"));
    Path oddHour = Files.createDirectories(lake().resolve("dt=2026-02-02").resolve("hour=7"));
    Path other = Files.createDirectories(lake().resolve("backup").resolve("hour=10"));
    for (Path foreign : new Path[] {notes, readme, oddDay, oddHour, other}) {
      Files.setLastModifiedTime(foreign, FileTime.from(Instant.parse("2026-02-01T00:00:00Z")));
    }

    retention(THIRTY_DAYS).deleteExpired();

    assertThat(withNotes).doesNotExist();
    assertThat(notes).exists();
    assertThat(readme).exists();
    assertThat(oddDay).isDirectory();
    assertThat(oddHour).isDirectory();
    assertThat(other).isDirectory();
  }

  @Test
  void keepForeverDeletesNothingAndWritesNothing() throws Exception {
    Path ancient = part("2020-01-01T00:00:00Z", "clicks-a-0-1.parquet");

    int deleted = retention(LakeRetention.KEEP_FOREVER).deleteExpired();

    assertThat(deleted).isZero();
    assertThat(ancient).exists();
    assertThat(lake().resolve(LakeLayout.RETAINED_FROM)).doesNotExist();
  }

  @Test
  void recordsWhatItKeepsBeforeDeletingAndNeverMovesItBack() throws Exception {
    part("2026-02-01T10:00:00Z", "clicks-a-0-1.parquet");
    LakeLayout layout = new LakeLayout(lake());

    retention(THIRTY_DAYS).deleteExpired();
    assertThat(layout.retainedFrom()).isEqualTo(millis("2026-03-01T12:00:00Z"));

    retention(Duration.ofDays(60)).deleteExpired();
    assertThat(layout.retainedFrom()).isEqualTo(millis("2026-03-01T12:00:00Z"));
  }

  @Test
  void aMissingLakeIsNotAnError() throws Exception {
    assertThat(retention(THIRTY_DAYS).deleteExpired()).isZero();
    assertThat(lake()).doesNotExist();
  }

  @Test
  void aNegativeRetentionIsRefused() {
    assertThatThrownBy(() -> retention(Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theMinimumCoversTheTokenLifetimeAndADay() {
    assertThat(LakeRetention.minimumFor(Duration.ofHours(24))).isEqualTo(Duration.ofHours(48));
  }

  private LakeRetention retention(Duration retention) {
    return new LakeRetention(lake(), retention, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** A part file in the hour's folder, last written within that hour, as the job writes them. */
  private Path part(String hour, String name) throws Exception {
    Path folder = new LakeLayout(lake()).hourFolder(millis(hour));
    Files.createDirectories(folder);
    Path file = Files.writeString(folder.resolve(name), "parquet");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse(hour).plusSeconds(60)));
    return file;
  }

  private Path lake() {
    return dir.resolve("lake");
  }

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }
}
