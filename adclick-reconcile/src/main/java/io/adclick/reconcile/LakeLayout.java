package io.adclick.reconcile;

import io.adclick.time.Granularity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the stream job's archive keeps an hour of clicks, {@code dt=YYYY-MM-DD/hour=HH/} by click
 * time in UTC, and which of its files are committed. The job's file sink writes a part file hidden
 * (its name starts with a dot) until the checkpoint that completes it commits, so only files named
 * {@value #COMMITTED_PREFIX}... hold clicks a recount may see; any other would count clicks that a
 * restore replays into a new file as well.
 */
final class LakeLayout {

  /** As {@code ClickArchive} in adclick-stream names its part files (".clicks-" while open). */
  static final String COMMITTED_PREFIX = "clicks-";

  static final String COMMITTED_GLOB = COMMITTED_PREFIX + "*.parquet";

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("HH").withZone(ZoneOffset.UTC);

  private final Path root;

  LakeLayout(Path root) {
    this.root = root;
  }

  /** The folder of the hour starting at {@code hourStart} (epoch millis, a whole UTC hour). */
  Path hourFolder(long hourStart) {
    Instant at = Instant.ofEpochMilli(hourStart);
    return root.resolve("dt=" + DAY.format(at)).resolve("hour=" + HOUR.format(at));
  }

  /**
   * One glob per hour overlapping {@code [from, to)} whose folder holds a committed file, oldest
   * first; hours without any are left out, since a glob matching nothing is an error to DuckDB.
   */
  List<String> committedGlobs(long from, long to) {
    List<String> out = new ArrayList<>();
    for (long hour = Granularity.HOUR.bucketStart(from);
        hour < to;
        hour += Granularity.HOUR.millis()) {
      Path folder = hourFolder(hour);
      if (holdsCommittedFile(folder)) {
        out.add(folder.resolve(COMMITTED_GLOB).toString());
      }
    }
    return out;
  }

  /**
   * The start of the oldest hour whose folder holds a committed file, or -1 when none does yet.
   * Lists the {@code dt=}/{@code hour=} folders only: a few thousand a year.
   */
  long firstCommittedHour() {
    if (!Files.isDirectory(root)) {
      return -1;
    }
    // Folder names sort as their dates and hours do.
    try (Stream<Path> days = Files.list(root)) {
      for (Path day : days.filter(d -> isFolder(d, "dt=")).sorted().toList()) {
        try (Stream<Path> hours = Files.list(day)) {
          for (Path hour : hours.filter(h -> isFolder(h, "hour=")).sorted().toList()) {
            if (holdsCommittedFile(hour)) {
              return hourStartOf(day, hour);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    return -1;
  }

  /** The glob of every committed file of the lake, for a view of all of it. */
  String allCommittedGlob() {
    return root.resolve("dt=*").resolve("hour=*").resolve(COMMITTED_GLOB).toString();
  }

  private static boolean isFolder(Path p, String prefix) {
    return p.getFileName().toString().startsWith(prefix) && Files.isDirectory(p);
  }

  private static long hourStartOf(Path day, Path hour) {
    String date = day.getFileName().toString().substring("dt=".length());
    int h = Integer.parseInt(hour.getFileName().toString().substring("hour=".length()));
    return LocalDate.parse(date).atTime(h, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  private static boolean holdsCommittedFile(Path folder) {
    if (!Files.isDirectory(folder)) {
      return false;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, COMMITTED_GLOB)) {
      return files.iterator().hasNext();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }
}
