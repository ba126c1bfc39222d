package io.adclick.reconcile;

import io.adclick.time.Granularity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Rewrites a closed hour's part files into one. The job commits a file per subtask and checkpoint
 * (some 1,440 an hour embedded), and a reader pays for every file it opens, several times over in a
 * recount; one file per hour, in click-time order, reads faster (a design-point day's recount: 81 s
 * instead of 196 s, bench/reconcile.sh).
 *
 * <p>Crash safety: the merged file is written hidden, then a manifest naming the files it replaces
 * is written hidden, then the merged file is renamed to a committed name and the old files are
 * deleted, then the manifest. A crash before the rename leaves hidden files only, which {@link
 * #compactHour} removes next time; after it, the manifest says which old files still have to go.
 * Between the rename and the deletes a reader may see a click twice, for milliseconds or until the
 * next compaction after a crash; a recount is not misled by that (a click and its copy share their
 * log position, so the copy ranks second like any repeat), an ad-hoc query would be.
 *
 * <p>Files the job commits into the hour later (late clicks) are left alone and merged by the next
 * compaction of the hour. Only local lakes are compacted.
 */
public final class LakeCompaction {

  static final String MERGED_PREFIX = LakeLayout.COMMITTED_PREFIX + "hour-";
  private static final String WRITING_PREFIX = ".merging-";
  private static final String MANIFEST_PREFIX = ".merge-manifest-";

  private final LakeLayout lake;
  private final int memoryLimitMb;
  private final Path spillDirectory;

  /**
   * @param memoryLimitMb DuckDB's memory limit while merging an hour
   */
  public LakeCompaction(Path lakeRoot, int memoryLimitMb, Path spillDirectory) {
    this.lake = new LakeLayout(lakeRoot);
    this.memoryLimitMb = memoryLimitMb;
    this.spillDirectory = spillDirectory;
  }

  /** What a compaction of one hour did. */
  public record Merged(int filesBefore, long bytesBefore, long bytesAfter) {
    static final Merged NOTHING = new Merged(0, 0, 0);

    Merged plus(Merged other) {
      return new Merged(
          filesBefore + other.filesBefore,
          bytesBefore + other.bytesBefore,
          bytesAfter + other.bytesAfter);
    }
  }

  /**
   * Compacts each hour of {@code [from, to)}, as {@link #compactHour}, before a reconciliation
   * reads them: a schedule going an hour at a time has compacted the hours before by then.
   *
   * @return what the hours held before and after, summed
   */
  public Merged compactHours(long from, long to) throws SQLException {
    Merged total = Merged.NOTHING;
    for (long hour = Granularity.HOUR.bucketStart(from);
        hour < to;
        hour += Granularity.HOUR.millis()) {
      total = total.plus(compactHour(hour));
    }
    return total;
  }

  /**
   * Merges the committed files of the hour starting at {@code hourStart} into one, after finishing
   * or undoing a compaction of it a crash interrupted. An hour with one file or none is left as it
   * is.
   */
  public Merged compactHour(long hourStart) throws SQLException {
    Path folder = lake.hourFolder(hourStart);
    if (!Files.isDirectory(folder)) {
      return Merged.NOTHING;
    }
    recover(folder);
    List<Path> parts = list(folder, LakeLayout.COMMITTED_GLOB);
    if (parts.size() < 2) {
      return Merged.NOTHING;
    }
    String id = UUID.randomUUID().toString();
    Path writing = folder.resolve(WRITING_PREFIX + id + ".parquet");
    merge(parts, writing);
    Path manifest = folder.resolve(MANIFEST_PREFIX + id);
    writeManifest(manifest, parts);
    move(writing, folder.resolve(MERGED_PREFIX + id + ".parquet"));
    long before = 0;
    for (Path part : parts) {
      before += size(part);
      delete(part);
    }
    delete(manifest);
    return new Merged(parts.size(), before, size(folder.resolve(MERGED_PREFIX + id + ".parquet")));
  }

  private void merge(List<Path> parts, Path target) throws SQLException {
    try (Connection db = DuckDb.open(memoryLimitMb, spillDirectory, false);
        Statement s = db.createStatement()) {
      s.execute(
          "COPY (SELECT * FROM read_parquet("
              + DuckDb.quotedList(parts.stream().map(Path::toString).toList())
              + ") ORDER BY click_time_millis, kafka_partition, kafka_offset) TO "
              + DuckDb.quoted(target.toString())
              + " (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)");
    }
  }

  /** Finishes a compaction whose merged file is committed; removes one that never got there. */
  private static void recover(Path folder) {
    for (Path manifest : list(folder, MANIFEST_PREFIX + "*")) {
      String id = manifest.getFileName().toString().substring(MANIFEST_PREFIX.length());
      if (Files.exists(folder.resolve(MERGED_PREFIX + id + ".parquet"))) {
        readManifest(manifest).forEach(name -> delete(folder.resolve(name)));
      }
      delete(manifest);
    }
    list(folder, WRITING_PREFIX + "*").forEach(LakeCompaction::delete);
  }

  private static void writeManifest(Path manifest, List<Path> parts) {
    String names =
        parts.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining("\n"));
    try {
      Files.writeString(manifest, names + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + manifest, e);
    }
  }

  private static List<String> readManifest(Path manifest) {
    try {
      return Files.readAllLines(manifest).stream().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + manifest, e);
    }
  }

  private static List<Path> list(Path folder, String glob) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, glob)) {
      files.forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
    out.sort(null);
    return out;
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rename " + from + " to " + to, e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of " + file, e);
    }
  }
}
