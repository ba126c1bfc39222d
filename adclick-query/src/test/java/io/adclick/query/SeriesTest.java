package io.adclick.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.http.Json;
import io.adclick.store.BucketTotal;
import io.adclick.time.Granularity;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesTest {
  private static final long M = 60_000;
  private static final long H = 60 * M;
  private final SeriesRange range =
      new SeriesRange(
          Granularity.MINUTE, ZoneOffset.UTC, List.of(10 * M, 11 * M, 12 * M, 13 * M, 14 * M));

  @Test
  void zeroFillsMissingBuckets() {
    StoredSeries stored =
        (g, from, to) -> List.of(new BucketTotal(11 * M, 4), new BucketTotal(13 * M, 2));
    List<Series.Bucket> buckets = Series.of(range, stored.clicksPerBucket(range), 0);

    assertThat(buckets).extracting(Series.Bucket::clicks).containsExactly(0L, 4L, 0L, 2L);
    assertThat(Series.total(buckets)).isEqualTo(6);
  }

  @Test
  void sumsEachStoredBucketIntoTheBucketHoldingIt() {
    // Two buckets of 90 minutes (an India-like half-hour grid): minutes at the edges, an hour
    // inside.
    SeriesRange halfHours =
        new SeriesRange(Granularity.HOUR, ZoneOffset.UTC, List.of(30 * M, 2 * H, 3 * H + 30 * M));
    List<String> reads = new ArrayList<>();
    StoredSeries stored =
        (g, from, to) -> {
          reads.add(g.apiName() + " " + from / M + "-" + to / M);
          List<BucketTotal> all =
              switch (g) {
                case MINUTE ->
                    List.of(new BucketTotal(59 * M, 1), new BucketTotal(3 * H + 5 * M, 2));
                case HOUR -> List.of(new BucketTotal(H, 10), new BucketTotal(2 * H, 0));
                case DAY -> List.of();
              };
          return all.stream().filter(b -> b.bucketStart() >= from && b.bucketStart() < to).toList();
        };

    assertThat(stored.clicksPerBucket(halfHours)).containsExactly(11, 2);
    assertThat(reads).containsExactly("minute 30-60", "hour 60-180", "minute 180-210");
  }

  @Test
  void bucketsEndingByCompleteThroughAreFinal() {
    List<Series.Bucket> buckets = Series.of(range, new long[4], 12 * M);

    assertThat(buckets)
        .extracting(Series.Bucket::isFinal)
        .containsExactly(true, true, false, false);
  }

  @Test
  void serialisesTheFinalFlagAsFinal() {
    String json =
        new String(
            Json.write(new Series.Bucket("2026-11-24T00:00:00Z", 3, true)), StandardCharsets.UTF_8);

    assertThat(json).isEqualTo("{\"start\":\"2026-11-24T00:00:00Z\",\"clicks\":3,\"final\":true}");
  }
}
