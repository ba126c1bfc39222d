package io.adclick.reconcile;

import io.adclick.time.Granularity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the lake's hours once they are older than its retention; the server runs it hourly on a
 * lake in a local folder (a lake on another filesystem, e.g. S3, is left to that store's own
 * lifecycle rules).
 *
 * <p>What goes: the archive's part files (committed, and uncommitted ones a stopped job left
 * behind) in each {@code dt=YYYY-MM-DD/hour=HH} folder whose hour ended by the horizon (now minus
 * the retention, down to a whole hour), then the folder and its day's folder once empty. An hour
 * with a part file written since the horizon is kept: the job is writing there (a restore replaying
 * old clicks into their hour), and that hour is not old in the sense that matters. Anything else, a
 * foreign file or a folder not named as the archive names them, is left alone, and so is the folder
 * holding it.
 *
 * <p>Before deleting, the horizon is written to the lake ({@link LakeLayout#retainedFrom}), so that
 * a recount refuses a range whose look-back (the token lifetime before it) is gone: recounting an
 * hour whose raw clicks were deleted would "repair" the store down to what is left. Reconciliation
 * runs only make sense within the lake's retention.
 */
public final class LakeRetention implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(LakeRetention.class);
  private static final long HOUR = Granularity.HOUR.millis();

  /** A retention of zero: nothing is ever deleted. */
  public static final Duration KEEP_FOREVER = Duration.ZERO;

  private final LakeLayout lake;
  private final Duration retention;
  private final Clock clock;

  /**
   * @param lakeRoot the archive's root folder (holding {@code dt=...} folders)
   * @param retention how long an hour is kept after it ended, {@link #KEEP_FOREVER} for ever
   */
  public LakeRetention(Path lakeRoot, Duration retention, Clock clock) {
    if (retention.isNegative()) {
      throw new IllegalArgumentException("lake retention must not be negative: " + retention);
    }
    this.lake = new LakeLayout(lakeRoot);
    this.retention = retention;
    this.clock = clock;
  }

  /**
   * The shortest retention under which a reconciliation still finds what it reads: the token
   * lifetime before its range, plus a day for the recent hours the schedule may still reconcile.
   */
  public static Duration minimumFor(Duration tokenLifetime) {
    return tokenLifetime.plusDays(1);
  }

  /** Deletes what has expired; a failure is logged and retried at the next run. */
  @Override
  public void run() {
    try {
      int hours = deleteExpired();
      if (hours > 0) {
        LOG.info("lake retention ({}) deleted the clicks of {} hours", retention, hours);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("applying the lake's retention failed; retrying at the next run", e);
    }
  }

  /**
   * @return how many hours' part files were deleted
   */
  int deleteExpired() throws IOException {
    if (retention.isZero() || !Files.isDirectory(lake.root())) {
      return 0;
    }
    long horizon = Granularity.HOUR.bucketStart(clock.millis() - retention.toMillis());
    lake.retainFrom(horizon);
    int deleted = 0;
    for (Path day : list(lake.root())) {
      OptionalLong dayStart = LakeLayout.dayStart(day);
      if (dayStart.isEmpty() || dayStart.getAsLong() >= horizon || !Files.isDirectory(day)) {
        continue;
      }
      for (long hour = dayStart.getAsLong();
          hour + HOUR <= horizon && hour < dayStart.getAsLong() + Granularity.DAY.millis();
          hour += HOUR) {
        Path folder = lake.hourFolder(hour);
        if (Files.isDirectory(folder) && deleteHour(folder, horizon)) {
          deleted++;
        }
      }
      deleteIfEmpty(day);
    }
    return deleted;
  }

  /** Deletes an hour's part files unless one was written since the horizon. */
  private static boolean deleteHour(Path folder, long horizon) throws IOException {
    List<Path> parts = list(folder).stream().filter(LakeLayout::isArchiveFile).toList();
    for (Path part : parts) {
      if (Files.getLastModifiedTime(part).toMillis() >= horizon) {
        LOG.info(
            "lake retention keeps {}: written since {}", folder, Instant.ofEpochMilli(horizon));
        return false;
      }
    }
    for (Path part : parts) {
      Files.deleteIfExists(part);
    }
    deleteIfEmpty(folder);
    return !parts.isEmpty();
  }

  private static void deleteIfEmpty(Path folder) throws IOException {
    if (list(folder).isEmpty()) {
      Files.deleteIfExists(folder);
    }
  }

  private static List<Path> list(Path folder) {
    try (Stream<Path> children = Files.list(folder)) {
      return children.toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }
}
