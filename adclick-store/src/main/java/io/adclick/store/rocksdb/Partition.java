package io.adclick.store.rocksdb;

import io.adclick.time.Granularity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * One column family: one dataset's buckets of one granularity whose starts fall in one fixed,
 * epoch-aligned period. Retention drops whole partitions, so removing old data never scans or
 * rewrites live data; reads visit the one or two partitions a typical range overlaps.
 *
 * <p>Periods: a day for minutes (about 50M rows per day at the design point, and retention counts
 * in days), 30 days for hours and 360 days for days, which keeps the number of column families near
 * a hundred at the default retention while a 7-day or 30-day read still touches at most two
 * partitions.
 */
record Partition(Dataset dataset, Granularity granularity, long start) {

  private static final DateTimeFormatter NAME_DATE = DateTimeFormatter.BASIC_ISO_DATE;

  static long period(Granularity granularity) {
    return switch (granularity) {
      case MINUTE -> Granularity.DAY.millis();
      case HOUR -> 30 * Granularity.DAY.millis();
      case DAY -> 360 * Granularity.DAY.millis();
    };
  }

  /** The partition holding a bucket. */
  static Partition of(Dataset dataset, Granularity granularity, long bucketStart) {
    long period = period(granularity);
    return new Partition(dataset, granularity, Math.floorDiv(bucketStart, period) * period);
  }

  long end() {
    return start + period(granularity);
  }

  /** Column family name, e.g. {@code ad.minute.20261124}: readable in RocksDB's own tools. */
  String name() {
    LocalDate date = Instant.ofEpochMilli(start).atZone(ZoneOffset.UTC).toLocalDate();
    return dataset.prefix() + "." + granularity.apiName() + "." + NAME_DATE.format(date);
  }

  /** The partition a column family name stands for, if it names one. */
  static Optional<Partition> parse(String name) {
    String[] parts = name.split("\\.");
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      Dataset dataset = Dataset.fromPrefix(parts[0]);
      Granularity granularity = Granularity.fromApiName(parts[1]);
      long start =
          LocalDate.parse(parts[2], NAME_DATE)
              .atStartOfDay(ZoneOffset.UTC)
              .toInstant()
              .toEpochMilli();
      if (Math.floorMod(start, period(granularity)) != 0) {
        return Optional.empty();
      }
      return Optional.of(new Partition(dataset, granularity, start));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
