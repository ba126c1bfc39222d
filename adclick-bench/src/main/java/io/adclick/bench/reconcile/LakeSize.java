package io.adclick.bench.reconcile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.stream.Stream;

/** The Parquet files of one day of the lake: how many, and their bytes. */
record LakeSize(long files, long bytes) {

  static LakeSize ofDay(Path lake, LocalDate day) {
    Path folder = lake.resolve("dt=" + day);
    long[] totals = new long[2];
    try (Stream<Path> paths = Files.walk(folder)) {
      paths
          .filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .forEach(
              p -> {
                totals[0]++;
                totals[1] += p.toFile().length();
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new LakeSize(totals[0], totals[1]);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%,d files, %.0f MB", files, bytes / 1e6);
  }
}
