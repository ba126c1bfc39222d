package io.adclick.bench.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.adclick.bench.store.Probes.Probe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Second half of the store benchmark: times the query API of a running server over the data {@link
 * StoreFill} wrote, one request at a time, and checks every answer against the expected clicks. The
 * {@code /healthz} row is the baseline: what the HTTP path alone costs in the same run.
 */
@Command(
    name = "query-latency",
    mixinStandardHelpOptions = true,
    description = "Time the query API over a filled data directory.")
public final class QueryLatency implements Callable<Integer> {

  @Option(names = "--target", required = true, description = "server base URL")
  URI target;

  @Option(names = "--probes", required = true, description = "the probes file StoreFill wrote")
  Path probesFile;

  @Option(names = "--day", required = true, description = "the UTC day StoreFill filled")
  LocalDate day;

  @Option(names = "--queries", defaultValue = "200", description = "timed queries per kind")
  int queries;

  @Option(names = "--warmup", defaultValue = "50", description = "untimed queries per kind first")
  int warmup;

  @Option(names = "--seed", defaultValue = "7")
  long seed;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @Override
  public Integer call() throws Exception {
    List<Probe> probes = Probes.read(probesFile);
    long dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    SplittableRandom random = new SplittableRandom(seed);
    Map<QueryKind, Histogram> latencies = new EnumMap<>(QueryKind.class);
    List<String> wrong = new ArrayList<>();
    for (QueryKind kind : QueryKind.values()) {
      run(kind, probes, dayStart, random, warmup, null, wrong);
      Histogram histogram = new Histogram(60_000_000_000L, 3);
      run(kind, probes, dayStart, random, queries, histogram, wrong);
      latencies.put(kind, histogram);
    }
    print(latencies);
    wrong.stream().limit(10).forEach(w -> System.out.println("WRONG " + w));
    System.out.println(
        wrong.isEmpty() ? "result      PASS (every answer checked)" : "result      FAIL");
    return wrong.isEmpty() ? 0 : 1;
  }

  private void run(
      QueryKind kind,
      List<Probe> probes,
      long dayStart,
      SplittableRandom random,
      int count,
      Histogram histogram,
      List<String> wrong)
      throws Exception {
    for (int i = 0; i < count; i++) {
      Probe probe = probes.get(random.nextInt(probes.size()));
      QueryKind.Request request = kind.pick(probe, dayStart, random);
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(target.resolve(request.path())).timeout(Duration.ofSeconds(30));
      if (kind != QueryKind.FLOOR) {
        builder.header("Authorization", "Bearer " + probe.apiKey());
      }
      long start = System.nanoTime();
      HttpResponse<byte[]> response =
          http.send(builder.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      long nanos = System.nanoTime() - start;
      if (histogram != null) {
        histogram.recordValue(nanos);
      }
      int expectedStatus = kind == QueryKind.FLOOR ? 404 : 200;
      String problem =
          response.statusCode() != expectedStatus
              ? "status " + response.statusCode()
              : kind.check(json.readTree(response.body()), request.expected());
      if (problem != null) {
        wrong.add(kind.label() + " " + request.path() + ": " + problem);
      }
    }
  }

  private void print(Map<QueryKind, Histogram> latencies) {
    System.out.printf(
        Locale.ROOT, "%-22s %8s %9s %9s %9s  %s%n", "query", "count", "p50", "p99", "max", "what");
    StringBuilder summary = new StringBuilder("STOREBENCH");
    for (Map.Entry<QueryKind, Histogram> e : latencies.entrySet()) {
      Histogram h = e.getValue();
      double p50 = h.getValueAtPercentile(50) / 1e6;
      double p99 = h.getValueAtPercentile(99) / 1e6;
      System.out.printf(
          Locale.ROOT,
          "%-22s %8d %6.2f ms %6.2f ms %6.2f ms  %s%n",
          e.getKey().label(),
          h.getTotalCount(),
          p50,
          p99,
          h.getMaxValue() / 1e6,
          e.getKey().description());
      summary.append(
          String.format(
              Locale.ROOT,
              " %s_p50_ms=%.2f %s_p99_ms=%.2f",
              e.getKey().label(),
              p50,
              e.getKey().label(),
              p99));
    }
    System.out.println(summary);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new QueryLatency()).execute(args));
  }
}
