package io.adclick.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.http.Json;
import io.adclick.store.BucketTotal;
import io.adclick.time.Granularity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesTest {
  private static final long M = 60_000;
  private final SeriesRange range = new SeriesRange(Granularity.MINUTE, 10 * M, 14 * M);

  @Test
  void zeroFillsMissingBuckets() {
    List<Series.Bucket> buckets =
        Series.zeroFilled(
            range, List.of(new BucketTotal(11 * M, 4), new BucketTotal(13 * M, 2)), 0);

    assertThat(buckets).extracting(Series.Bucket::clicks).containsExactly(0L, 4L, 0L, 2L);
    assertThat(Series.total(buckets)).isEqualTo(6);
  }

  @Test
  void bucketsEndingByCompleteThroughAreFinal() {
    List<Series.Bucket> buckets = Series.zeroFilled(range, List.of(), 12 * M);

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
