package io.adclick.bench.store;

import io.adclick.registry.rocksdb.RocksDbAdRegistry;
import io.adclick.store.MetricsStore;
import io.adclick.store.MetricsStores;
import io.adclick.time.Granularity;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * First half of the store benchmark: fills a server's data directory with one day at the design
 * point (registry with the probed advertisers, metrics store with every ad's minute, hour and day
 * totals) through the sink's write path, and writes the probes file the query half reads.
 */
@Command(
    name = "store-fill",
    mixinStandardHelpOptions = true,
    description = "Fill a data directory with one day of clicks at the design point.")
public final class StoreFill implements Callable<Integer> {

  static final String PROBES_FILE = "bench-probes.tsv";

  @Option(names = "--data-dir", required = true, description = "the server's data directory")
  Path dataDir;

  @Option(
      names = "--store",
      description = "metrics store URI (default rocksdb:<data-dir>/metrics, as the server uses)")
  String storeUri;

  @Option(names = "--ads", defaultValue = "10000000")
  int ads;

  @Option(names = "--advertisers", defaultValue = "100000")
  int advertisers;

  @Option(names = "--clicks-per-day", defaultValue = "100000000")
  long clicksPerDay;

  @Option(names = "--minutes", defaultValue = "1440", description = "minutes of the day to fill")
  int minutes;

  @Option(names = "--zipf", defaultValue = "1.0", description = "popularity exponent over ads")
  double zipf;

  @Option(names = "--probes", defaultValue = "200", description = "advertisers the queries use")
  int probes;

  @Option(names = "--day", description = "UTC day to fill (default yesterday)")
  LocalDate day;

  @Option(
      names = "--users",
      defaultValue = "0",
      description =
          "daily users the clicks are drawn from, uniformly (e.g. 50000000); 0: no user keys, so"
              + " no unique-user sketches")
  long users;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Override
  public Integer call() throws Exception {
    LocalDate fillDay = day != null ? day : LocalDate.now(Clock.systemUTC()).minusDays(1);
    long dayStart = fillDay.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    SplittableRandom random = new SplittableRandom(seed);
    Population population = new Population(ads, advertisers);

    long t0 = System.nanoTime();
    List<Probes.Registered> registered;
    try (RocksDbAdRegistry registry = RocksDbAdRegistry.open(dataDir.resolve("registry"))) {
      registered = Probes.register(registry, population, probes, random);
    }
    log("registry: %d advertisers with their ads in %.1f s", registered.size(), secondsSince(t0));

    String uri = storeUri != null ? storeUri : "rocksdb:" + dataDir.resolve("metrics");
    long t1 = System.nanoTime();
    DayFill fill;
    long bytes;
    try (MetricsStore store = MetricsStores.open(uri)) {
      fill = new DayFill(store, population, zipf, users, random);
      Progress progress = new Progress(minutes, t1, fill);
      fill.fill(dayStart, minutes, clicksPerDay, progress::minuteDone);
      store.advanceCompleteThrough(dayStart + minutes * Granularity.MINUTE.millis());
      bytes = store.sizeOnDiskBytes();
    }
    double seconds = secondsSince(t1);
    Probes.write(dataDir.resolve(PROBES_FILE), registered, population, fill.dayTotals());
    Histogram perMinute = fill.minuteWriteNanos();
    System.out.printf(
        Locale.ROOT,
        "one minute's changed rows (%,d clicks) written in p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
        clicksPerDay / 1440,
        perMinute.getValueAtPercentile(50) / 1e6,
        perMinute.getValueAtPercentile(99) / 1e6,
        perMinute.getMaxValue() / 1e6);
    System.out.printf(
        Locale.ROOT,
        "STOREFILL day=%s ads=%d advertisers=%d clicks=%d users=%d minutes=%d rows=%d seconds=%.1f"
            + " rows_per_s=%.0f minute_write_p50_ms=%.0f minute_write_p99_ms=%.0f"
            + " store_bytes=%d%n",
        fillDay,
        ads,
        advertisers,
        clicksPerDay * minutes / 1440,
        users,
        minutes,
        fill.rowsWritten(),
        seconds,
        fill.rowsWritten() / seconds,
        perMinute.getValueAtPercentile(50) / 1e6,
        perMinute.getValueAtPercentile(99) / 1e6,
        bytes);
    return 0;
  }

  /** Prints a progress line about every ten seconds. */
  private static final class Progress {
    private final int minutes;
    private final long start;
    private final DayFill fill;
    private long lastPrint;

    Progress(int minutes, long start, DayFill fill) {
      this.minutes = minutes;
      this.start = start;
      this.fill = fill;
      this.lastPrint = start;
    }

    void minuteDone(long minute) {
      long now = System.nanoTime();
      if (now - lastPrint >= 10_000_000_000L || minute == minutes - 1) {
        lastPrint = now;
        double s = (now - start) / 1e9;
        log(
            "fill: minute %d / %d, %,d rows (%,.0f rows/s), %.0f s",
            minute + 1, minutes, fill.rowsWritten(), fill.rowsWritten() / s, s);
      }
    }
  }

  private static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  private static void log(String format, Object... args) {
    System.err.println(String.format(Locale.ROOT, format, args));
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new StoreFill()).execute(args));
  }
}
