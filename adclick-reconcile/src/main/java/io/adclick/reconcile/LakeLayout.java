package io.adclick.reconcile;

import io.adclick.time.Granularity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Where the stream job's archive keeps an hour of clicks, {@code dt=YYYY-MM-DD/hour=HH/} by click
 * time in UTC, and which of its files are committed. The job's file sink writes a part file hidden
 * (its name starts with a dot) until the checkpoint that completes it commits, so only files named
 * {@value #COMMITTED_PREFIX}... hold clicks a recount may see; any other would count clicks that a
 * restore replays into a new file as well.
 *
 * <p>A file {@value #RETAINED_FROM} at the root, written by {@link LakeRetention} before it deletes
 * anything, says from which hour on the lake still holds every click.
 */
final class LakeLayout {

  /** As {@code ClickArchive} in adclick-stream names its part files (".clicks-" while open). */
  static final String COMMITTED_PREFIX = "clicks-";

  static final String COMMITTED_GLOB = COMMITTED_PREFIX + "*.parquet";

  /** The sink's name for a part file until its checkpoint commits it. */
  private static final String IN_PROGRESS_PREFIX = "." + COMMITTED_PREFIX;

  static final String RETAINED_FROM = "_retained-from";

  private static final String DAY_PREFIX = "dt=";

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
    return root.resolve(DAY_PREFIX + DAY.format(at)).resolve("hour=" + HOUR.format(at));
  }

  Path root() {
    return root;
  }

  /**
   * The start of the day a folder named {@code dt=YYYY-MM-DD} holds, or empty for any other name
   * (also {@code dt=2026-3-1}, which the archive never writes).
   */
  static OptionalLong dayStart(Path folder) {
    String name = folder.getFileName().toString();
    if (!name.startsWith(DAY_PREFIX)) {
      return OptionalLong.empty();
    }
    try {
      long start =
          LocalDate.parse(name.substring(DAY_PREFIX.length()))
              .atStartOfDay(ZoneOffset.UTC)
              .toInstant()
              .toEpochMilli();
      boolean canonical = name.equals(DAY_PREFIX + DAY.format(Instant.ofEpochMilli(start)));
      return canonical ? OptionalLong.of(start) : OptionalLong.empty();
    } catch (DateTimeParseException e) {
      return OptionalLong.empty();
    }
  }

  /** A part file of the sink's, committed or not; anything else in an hour folder is foreign. */
  static boolean isArchiveFile(Path file) {
    String name = file.getFileName().toString();
    return (name.startsWith(COMMITTED_PREFIX) || name.startsWith(IN_PROGRESS_PREFIX))
        && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * The hour (epoch millis) from which on the lake still holds every click: 0 unless {@link
   * LakeRetention} has deleted some.
   */
  long retainedFrom() {
    Path marker = root.resolve(RETAINED_FROM);
    try {
      return Instant.parse(Files.readString(marker, StandardCharsets.UTF_8).strip()).toEpochMilli();
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + marker, e);
    } catch (DateTimeParseException e) {
      throw new IllegalStateException(marker + " does not hold an instant", e);
    }
  }

  /**
   * Moves {@link #retainedFrom} forward to {@code hourStart}, never back; durably (forced to disk,
   * then renamed into place), since the deletions it announces follow it.
   */
  void retainFrom(long hourStart) throws IOException {
    if (hourStart <= retainedFrom()) {
      return;
    }
    Path next = root.resolve(RETAINED_FROM + ".next");
    byte[] text = (Instant.ofEpochMilli(hourStart) + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel out =
        FileChannel.open(
            next,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(ByteBuffer.wrap(text));
      out.force(true);
    }
    Files.move(
        next,
        root.resolve(RETAINED_FROM),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
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
      for (Path day :
          days.filter(d -> Files.isDirectory(d) && dayStart(d).isPresent()).sorted().toList()) {
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
    int h = Integer.parseInt(hour.getFileName().toString().substring("hour=".length()));
    return dayStart(day).orElseThrow() + h * Granularity.HOUR.millis();
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
