package io.adclick.bench.reconcile;

import io.adclick.bench.Machine;
import io.adclick.reconcile.Comparison;
import io.adclick.reconcile.LakeCompaction;
import io.adclick.reconcile.LakeRecount;
import io.adclick.reconcile.Reconciliation;
import io.adclick.reconcile.ReconciliationLog;
import io.adclick.reconcile.ReconciliationRun;
import io.adclick.reconcile.RecountCursor;
import io.adclick.reconcile.RecountedMinute;
import io.adclick.reconcile.StoreAudit;
import io.adclick.reconcile.StoreRepair;
import io.adclick.store.BucketCount;
import io.adclick.store.MetricsStore;
import io.adclick.store.MetricsStores;
import io.adclick.time.Granularity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Reconciliation at the design point: {@code prepare} writes a synthetic lake of three days (the
 * day, and the days before and after it, which a recount looks into) and fills a RocksDB store with
 * the day's counts, then corrupts a known number of the store's minutes; {@code measure} (a fresh
 * JVM, so its peak memory is its own) times what a reconciliation of the day is made of, each part
 * alone as a baseline, then the whole run, and checks the run found exactly the corrupted minutes.
 */
@Command(
    name = "reconcile-bench",
    mixinStandardHelpOptions = true,
    subcommands = {
      ReconcileBenchmark.Prepare.class,
      ReconcileBenchmark.Compact.class,
      ReconcileBenchmark.Measure.class
    })
public final class ReconcileBenchmark {

  static final String CORRUPTED_FILE = "minutes-to-corrupt.tsv";
  static final String ADS_FILE = "ads.txt";

  public static void main(String[] args) {
    System.exit(new CommandLine(new ReconcileBenchmark()).execute(args));
  }

  static class Common {
    @Option(names = "--work", required = true, description = "lake, store and results go here")
    Path work;

    @Option(names = "--day", required = true, description = "UTC day reconciled")
    LocalDate day;

    @Option(names = "--duckdb-memory-mb", defaultValue = "4096")
    int duckdbMemoryMb;

    Path lake() {
      return work.resolve("lake");
    }

    String storeUri() {
      return "rocksdb:" + work.resolve("metrics");
    }

    long dayStart() {
      return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    LakeRecount recount() {
      return new LakeRecount(
          lake(), Duration.ofHours(24), duckdbMemoryMb, work.resolve("duckdb-spill"));
    }
  }

  @Command(name = "prepare", mixinStandardHelpOptions = true)
  static final class Prepare extends Common implements Callable<Integer> {
    @Option(names = "--clicks-per-day", defaultValue = "100000000")
    long clicksPerDay;

    @Option(names = "--ads", defaultValue = "10000000")
    int ads;

    @Option(names = "--advertisers", defaultValue = "100000")
    int advertisers;

    @Option(
        names = "--files-per-hour",
        defaultValue = "1440",
        description = "the embedded job's: 2 subtasks, a checkpoint every 5 s")
    int filesPerHour;

    @Option(names = "--corrupt", defaultValue = "3000", description = "store minutes to corrupt")
    int corrupt;

    @Override
    public Integer call() throws Exception {
      long firstDay = dayStart() - DAY;
      SyntheticLake lake =
          new SyntheticLake(lake(), clicksPerDay, ads, advertisers, filesPerHour, firstDay);
      long started = System.nanoTime();
      for (long d = firstDay; d <= dayStart() + DAY; d += DAY) {
        lake.writeDay(d);
      }
      report(
          "lake written: %,d clicks a day, three days in %.0f s; the day's Parquet: %s",
          clicksPerDay, seconds(started), LakeSize.ofDay(lake(), day));
      started = System.nanoTime();
      List<RecountedMinute> sample = new ArrayList<>();
      long rows;
      try (MetricsStore store = MetricsStores.open(storeUri());
          RecountCursor recount = recount().open(dayStart(), dayStart() + DAY)) {
        SplittableRandom random = new SplittableRandom(7);
        rows =
            new RecountFill(store)
                .fill(
                    recount,
                    m -> {
                      // About one in 10,000 rows, spread over the store's advertisers.
                      if (sample.size() < corrupt && random.nextInt(10_000) == 0) {
                        sample.add(m);
                      }
                    });
      }
      report(
          "store filled with %,d minute rows and their hours and days in %.0f s; %d to corrupt",
          rows, seconds(started), sample.size());
      Files.write(
          work.resolve(CORRUPTED_FILE),
          sample.stream()
              .map(
                  m ->
                      m.advertiserId()
                          + "\t"
                          + m.adId()
                          + "\t"
                          + m.minuteStart()
                          + "\t"
                          + m.clicks())
              .toList());
      Files.writeString(work.resolve(ADS_FILE), Integer.toString(ads));
      return 0;
    }
  }

  /** The sampled minutes as prepare wrote them down. */
  private static List<RecountedMinute> sampled(Path work) throws IOException {
    return Files.readAllLines(work.resolve(CORRUPTED_FILE)).stream()
        .map(l -> l.split("\t"))
        .map(
            f ->
                new RecountedMinute(
                    Long.parseLong(f[0]),
                    Long.parseLong(f[1]),
                    Long.parseLong(f[2]),
                    Long.parseLong(f[3])))
        .toList();
  }

  /**
   * A third raised, a third removed, a third added (for ads the lake never saw). Applied afresh
   * before each measurement: a run repairs them.
   */
  private static void corrupt(MetricsStore store, List<RecountedMinute> sample, int ads) {
    List<BucketCount> wrong = new ArrayList<>();
    for (int i = 0; i < sample.size(); i++) {
      RecountedMinute m = sample.get(i);
      long clicks = m.clicks();
      long adId = m.adId();
      switch (i % 3) {
        case 0 -> clicks += 3;
        case 1 -> clicks = 0;
        default -> {
          adId = ads + 1L + i;
          clicks = 2;
        }
      }
      wrong.add(
          new BucketCount(Granularity.MINUTE, m.advertiserId(), adId, m.minuteStart(), clicks, 0));
    }
    store.overwrite(wrong);
  }

  @Command(
      name = "compact",
      mixinStandardHelpOptions = true,
      description =
          "Merge each hour's part files into one, as the server does once an hour closes.")
  static final class Compact extends Common implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      LakeCompaction compaction =
          new LakeCompaction(lake(), duckdbMemoryMb, work.resolve("duckdb-spill"));
      for (LocalDate d = day.minusDays(1); !d.isAfter(day.plusDays(1)); d = d.plusDays(1)) {
        long started = System.nanoTime();
        long dayStart = d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        Histogram hours = new Histogram(3);
        long before = 0;
        long after = 0;
        for (int h = 0; h < 24; h++) {
          long hourStarted = System.nanoTime();
          LakeCompaction.Merged merged = compaction.compactHour(dayStart + h * HOUR);
          hours.recordValue((System.nanoTime() - hourStarted) / 1_000_000);
          before += merged.bytesBefore();
          after += merged.bytesAfter();
        }
        report(
            "compacted %s: 24 hours in %.0f s (an hour: p50 %d ms, max %d ms), %.0f MB -> %.0f MB",
            d,
            seconds(started),
            hours.getValueAtPercentile(50),
            hours.getMaxValue(),
            before / 1e6,
            after / 1e6);
      }
      return 0;
    }
  }

  @Command(name = "measure", mixinStandardHelpOptions = true)
  static final class Measure extends Common implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      long from = dayStart();
      long to = from + DAY;
      List<RecountedMinute> sample = sampled(work);
      int ads = Integer.parseInt(Files.readString(work.resolve(ADS_FILE)).trim());
      int corrupted = sample.size();
      report(
          "machine: %d cores, load %s; DuckDB memory_limit %d MB; the day's Parquet: %s",
          Runtime.getRuntime().availableProcessors(),
          Files.readString(Path.of("/proc/loadavg")).trim(),
          duckdbMemoryMb,
          LakeSize.ofDay(lake(), day));
      floor();
      try (MetricsStore store = MetricsStores.open(storeUri())) {
        corrupt(store, sample, ads);
        for (Granularity g : Granularity.values()) {
          long started = System.nanoTime();
          long[] rows = {0};
          store.scanBuckets(g, from, to, m -> rows[0]++);
          report(
              "baseline, store scan alone: %,d %s rows in %.1f s",
              rows[0], g.apiName(), seconds(started));
        }

        long started = System.nanoTime();
        long recounted = 0;
        long clicks = 0;
        try (RecountCursor recount = recount().open(from, to)) {
          while (recount.hasNext()) {
            clicks += recount.next().clicks();
            recounted++;
          }
        }
        report(
            "baseline, recount alone: %,d minute rows, %,d clicks in %.1f s; peak RSS %s",
            recounted, clicks, seconds(started), peakRss());

        Path logFile = Files.createTempFile(work, "reconciliation", ".duckdb");
        Files.delete(logFile);
        try (ReconciliationLog log = ReconciliationLog.open(logFile)) {
          Reconciliation reconciliation =
              new Reconciliation(
                  new StoreAudit(recount(), store), new StoreRepair(store), log, Clock.systemUTC());
          started = System.nanoTime();
          ReconciliationRun run = reconciliation.run(from, to, false);
          Comparison found = run.found();
          report(
              "RECONCILE one day: %.1f s; %,d rows checked, %,d differing (%d corrupted),"
                  + " +%,d/-%,d clicks, %,d corrections; peak RSS %s",
              seconds(started),
              found.rowsChecked(),
              found.rowsDiffering(),
              corrupted,
              found.clicksToAdd(),
              found.clicksToRemove(),
              run.corrections(),
              peakRss());
          boolean exact = found.rowsDiffering() == corrupted;
          report(
              exact
                  ? "PASS: found exactly the corrupted minutes"
                  : "FAIL: found a different number");
          return exact ? 0 : 1;
        }
      }
    }

    /** The least any recount must do: read the columns it needs from every file of the day. */
    private void floor() throws SQLException {
      long started = System.nanoTime();
      try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
          Statement s = db.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT count(*), sum(ad_id + advertiser_id + impression_hi % 2 + impression_lo"
                      + " % 2 + click_time_millis % 2 + issued_at_millis % 2 + kafka_offset % 2)"
                      + " FROM read_parquet('"
                      + lake().resolve("dt=" + day).resolve("*").resolve("clicks-*.parquet")
                      + "') WHERE kind = 'CANDIDATE'")) {
        r.next();
        report(
            "baseline, reading the day's columns: %,d candidate clicks in %.1f s",
            r.getLong(1), seconds(started));
      }
    }
  }

  private static final long DAY = Granularity.DAY.millis();
  private static final long HOUR = Granularity.HOUR.millis();

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static String peakRss() {
    return String.format(Locale.ROOT, "%.2f GB", Machine.peakRssBytes() / 1e9);
  }

  static void report(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
