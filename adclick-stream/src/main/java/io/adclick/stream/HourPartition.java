package io.adclick.stream;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Puts an archived click in the folder of its click time's UTC hour, {@code dt=YYYY-MM-DD/hour=HH}:
 * by the time the click happened, not when the job read it, so a click replayed hours later still
 * lands beside its peers and a recount of an hour reads one folder (plus the token lifetime before
 * it).
 */
final class HourPartition implements BucketAssigner<LoggedClick, String> {

  private static final long serialVersionUID = 1L;
  private static final long HOUR_MILLIS = 3_600_000L;
  private static final DateTimeFormatter FOLDER =
      DateTimeFormatter.ofPattern("'dt='yyyy-MM-dd'/hour='HH").withZone(ZoneOffset.UTC);

  // Almost every click falls in the same hour as the one before: format once per hour, not per
  // click. One instance per subtask, used by one thread.
  private transient long cachedHour = Long.MIN_VALUE;
  private transient String cachedFolder;

  @Override
  public String getBucketId(LoggedClick logged, Context context) {
    return folderOf(logged.click().clickTimeMillis());
  }

  String folderOf(long clickTimeMillis) {
    long hour = Math.floorDiv(clickTimeMillis, HOUR_MILLIS);
    if (hour != cachedHour || cachedFolder == null) {
      cachedFolder = FOLDER.format(Instant.ofEpochMilli(hour * HOUR_MILLIS));
      cachedHour = hour;
    }
    return cachedFolder;
  }

  @Override
  public SimpleVersionedSerializer<String> getSerializer() {
    return SimpleVersionedStringSerializer.INSTANCE;
  }

  @Override
  public String toString() {
    return "HourPartition(dt=YYYY-MM-DD/hour=HH, UTC click time)";
  }
}
