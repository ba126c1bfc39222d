package io.adclick.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.http.Json;
import io.adclick.store.BucketTotal;
import io.adclick.time.Granularity;
import io.adclick.users.UserSketch;
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
    List<Series.Bucket> buckets = Series.of(range, stored.perBucket(range), 0);

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

    SeriesValues values = stored.perBucket(halfHours);
    assertThat(values.clicks()).containsExactly(11, 2);
    assertThat(values.users()).as("minutes keep no users").containsOnlyNulls();
    assertThat(reads).containsExactly("minute 30-60", "hour 60-180", "minute 180-210");
  }

  @Test
  void bucketsEndingByCompleteThroughAreFinal() {
    List<Series.Bucket> buckets =
        Series.of(range, new SeriesValues(new long[4], new UserSketch[4]), 12 * M);

    assertThat(buckets)
        .extracting(Series.Bucket::isFinal)
        .containsExactly(true, true, false, false);
  }

  @Test
  void serialisesTheFinalFlagAsFinal() {
    String json =
        new String(
            Json.write(new Series.Bucket("2026-11-24T00:00:00Z", 3, true, null)),
            StandardCharsets.UTF_8);

    assertThat(json).isEqualTo("{\"start\":\"2026-11-24T00:00:00Z\",\"clicks\":3,\"final\":true}");
  }

  @Test
  void aDayOfAWholeHourZoneMergesTheUsersOfItsHoursCountingEachOnce() {
    // New York winter: the local day is [05:00, 05:00) UTC, 24 stored hours, no whole UTC day.
    SeriesRange days =
        new SeriesRange(Granularity.DAY, ZoneOffset.ofHours(-5), List.of(5 * H, 29 * H, 53 * H));
    StoredSeries stored =
        (g, from, to) ->
            g != Granularity.HOUR
                ? List.of()
                : List.of(
                        new BucketTotal(6 * H, 2, users("a", "b")),
                        new BucketTotal(20 * H, 2, users("b", "c")),
                        new BucketTotal(30 * H, 1, users("a")))
                    .stream()
                    .filter(b -> b.bucketStart() >= from && b.bucketStart() < to)
                    .toList();

    SeriesValues values = stored.perBucket(days);

    assertThat(values.clicks()).containsExactly(4, 1);
    assertThat(values.uniqueUsers(0)).isEqualTo(3);
    assertThat(values.uniqueUsers(1)).isEqualTo(1);
    assertThat(values.uniqueUsers()).as("the whole range").isEqualTo(3);
    assertThat(Series.of(days, values, 0))
        .extracting(Series.Bucket::uniqueUsers)
        .containsExactly(3L, 1L);
  }

  @Test
  void usersAreUnknownWhereNoClickOfTheRangeCarriedAUserKey() {
    SeriesRange hours =
        new SeriesRange(Granularity.HOUR, ZoneOffset.UTC, List.of(H, 2 * H, 3 * H, 4 * H));
    StoredSeries withoutKeys = (g, from, to) -> inRange(List.of(new BucketTotal(H, 5)), from, to);
    StoredSeries someKeys =
        (g, from, to) ->
            inRange(
                List.of(new BucketTotal(H, 5), new BucketTotal(3 * H, 2, users("a", "b"))),
                from,
                to);

    assertThat(withoutKeys.perBucket(hours).users()).containsOnlyNulls();
    assertThat(withoutKeys.perBucket(hours).uniqueUsers()).isNull();
    SeriesValues values = someKeys.perBucket(hours);
    assertThat(values.uniqueUsers(0)).as("clicks without keys count no user").isZero();
    assertThat(values.uniqueUsers(1)).isZero();
    assertThat(values.uniqueUsers(2)).isEqualTo(2);
    assertThat(values.uniqueUsers()).isEqualTo(2);
  }

  private static List<BucketTotal> inRange(List<BucketTotal> all, long from, long to) {
    return all.stream().filter(b -> b.bucketStart() >= from && b.bucketStart() < to).toList();
  }

  @Test
  void minuteBucketsHaveNoUsers() {
    StoredSeries stored = (g, from, to) -> List.of(new BucketTotal(11 * M, 4));

    assertThat(stored.perBucket(range).users()).containsOnlyNulls();
  }

  private static UserSketch users(String... keys) {
    long[] hashes = new long[keys.length];
    for (int i = 0; i < keys.length; i++) {
      hashes[i] = UserSketch.userHash(keys[i]);
    }
    return UserSketch.of(hashes);
  }
}
