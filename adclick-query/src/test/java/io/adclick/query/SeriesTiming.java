package io.adclick.query;

import io.adclick.http.ApiRequest;
import io.adclick.http.ApiResponse;
import io.adclick.http.Json;
import io.adclick.registry.Ad;
import io.adclick.registry.AdDirectory;
import io.adclick.registry.Advertiser;
import io.adclick.registry.rocksdb.RocksDbAdRegistry;
import io.adclick.store.rocksdb.RocksDbMetricsStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Where one ad's minute series over 24 h spends its time inside the handler, without HTTP: run
 * against a data directory kept by {@code BENCH_KEEP=1 bench/store-query.sh} (server stopped).
 *
 * <p>{@code java -cp <test classpath> io.adclick.query.SeriesTiming <data dir> <day> [n]}
 */
final class SeriesTiming {
  private static final long DAY = 86_400_000L;

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    long day = LocalDate.parse(args[1]).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    int n = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    List<String[]> probes = new ArrayList<>();
    for (String line : Files.readAllLines(data.resolve("bench-probes.tsv"))) {
      probes.add(line.split("\t"));
    }
    try (RocksDbMetricsStore store = RocksDbMetricsStore.open(data.resolve("metrics"));
        RocksDbAdRegistry registry = RocksDbAdRegistry.open(data.resolve("registry"))) {
      AdDirectory directory = new AdDirectory(registry);
      QueryApi api = new QueryApi(directory, registry, store, ReconciledThrough.NEVER);
      AdvertiserAuth auth = new AdvertiserAuth(directory);
      OwnIds own = new OwnIds(directory);
      String[] phases = {
        "auth+own", "range", "store", "cover", "read", "series", "csv()", "json", "handler"
      };
      Map<String, long[]> times = new LinkedHashMap<>();
      for (String p : phases) {
        times.put(p, new long[n]);
      }
      Random random = new Random(7);
      long bytes = 0;
      for (int round = 0; round < 2; round++) { // the first round warms up
        for (int i = 0; i < n; i++) {
          String[] probe = probes.get(random.nextInt(probes.size()));
          String adId = probe[2 + random.nextInt(probe.length - 2)].split(":")[0];
          ApiRequest request =
              Requests.get(probe[0])
                  .path("adId", adId)
                  .q("from", java.time.Instant.ofEpochMilli(day).toString())
                  .q("to", java.time.Instant.ofEpochMilli(day + DAY).toString())
                  .q("granularity", "minute")
                  .build();
          long t0 = System.nanoTime();
          Advertiser caller = auth.require(request);
          Ad ad = own.ad(caller, adId);
          long t1 = System.nanoTime();
          SeriesRange range = SeriesRange.parse(request);
          long t2 = System.nanoTime();
          long completeThrough = store.completeThrough();
          SeriesValues values =
              ((StoredSeries) (g, f, t) -> store.adSeries(g, caller.id(), ad.id(), f, t))
                  .perBucket(range);
          long t3 = System.nanoTime();
          RangeCover.ofBuckets(range.bounds());
          long t3a = System.nanoTime();
          store.adSeries(
              io.adclick.time.Granularity.MINUTE, caller.id(), ad.id(), range.from(), range.to());
          long t3b = System.nanoTime();
          List<Series.Bucket> buckets = Series.of(range, values, completeThrough);
          Views.Metrics body =
              new Views.Metrics(
                  ad.id(),
                  null,
                  "minute",
                  "UTC",
                  "a",
                  "b",
                  null,
                  null,
                  Series.total(buckets),
                  values.uniqueUsers(),
                  buckets);
          long t4 = System.nanoTime();
          Csv csv = body.csv();
          long t5 = System.nanoTime();
          byte[] json = Json.write(body);
          long t6 = System.nanoTime();
          ApiResponse response = api.adMetrics(request);
          long t7 = System.nanoTime();
          bytes += json.length + response.body().length + csv.rows().size();
          if (round == 1) {
            long[] at = {t0, t1, t2, t3, t3a, t3b, t4, t5, t6, t7};
            for (int p = 0; p < phases.length; p++) {
              times.get(phases[p])[i] = at[p + 1] - at[p];
            }
          }
        }
      }
      for (Map.Entry<String, long[]> e : times.entrySet()) {
        long[] t = e.getValue();
        Arrays.sort(t);
        System.out.printf(
            Locale.ROOT,
            "%-9s p50 %7.3f ms  p99 %7.3f ms  mean %7.3f ms%n",
            e.getKey(),
            t[n / 2] / 1e6,
            t[n * 99 / 100] / 1e6,
            Arrays.stream(t).average().orElse(0) / 1e6);
      }
      System.out.println("(checksum " + bytes + ")");
    }
  }
}
