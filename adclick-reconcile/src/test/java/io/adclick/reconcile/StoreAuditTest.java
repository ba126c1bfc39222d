package io.adclick.reconcile;

import static io.adclick.reconcile.TestLake.advertiserOf;
import static io.adclick.reconcile.TestLake.candidate;
import static io.adclick.time.Granularity.DAY;
import static io.adclick.time.Granularity.HOUR;
import static io.adclick.time.Granularity.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.store.BucketCount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit against the real embedded store and real Parquet files. */
class StoreAuditTest extends LakeAndStoreTest {

  /** The advertiser of ads 7, 8 and 9. */
  private static final long ADV = advertiserOf(7);

  @Test
  void findsExactlyTheChangedDeletedAndAddedRowsOfACorruptedStore() throws Exception {
    lake.commit(
        candidate(7, 1, "2026-03-01T10:00:10Z", 0, 100),
        candidate(7, 2, "2026-03-01T10:00:20Z", 0, 101),
        candidate(7, 2, "2026-03-01T10:01:20Z", 0, 102), // repeat
        candidate(8, 3, "2026-03-01T10:01:05Z", 1, 50),
        candidate(9, 4, "2026-03-01T10:02:05Z", 1, 51));
    store.upsert(
        List.of(
            minute(7, "2026-03-01T10:00:00Z", 3), // changed: 2 in the lake
            // ad 8's minute deleted
            minute(9, "2026-03-01T10:02:00Z", 1), // right
            minute(9, "2026-03-01T10:03:00Z", 4), // added: not in the lake
            // the hours as the lake has them, so only the minutes differ
            hour(7, "2026-03-01T10:00:00Z", 2),
            hour(8, "2026-03-01T10:00:00Z", 1),
            hour(9, "2026-03-01T10:00:00Z", 1),
            hour(BucketCount.ADVERTISER_TOTAL, "2026-03-01T10:00:00Z", 4)));
    List<BucketDifference> found = new ArrayList<>();

    Comparison result =
        audit.compare(at("2026-03-01T10:00:00Z"), at("2026-03-01T11:00:00Z"), found::add);

    assertThat(found)
        .containsExactly(
            difference(7, "2026-03-01T10:00:00Z", 3, 2),
            difference(8, "2026-03-01T10:01:00Z", 0, 1),
            difference(9, "2026-03-01T10:03:00Z", 4, 0));
    // 4 minutes either side had, 4 hours (3 ads', 1 advertiser's); clicks counted in minutes
    assertThat(result).isEqualTo(new Comparison(8, 3, 1, 5));
  }

  @Test
  void aRangeAcrossMidnightIsComparedDayByDay() throws Exception {
    lake.commit(
        candidate(7, 1, "2026-03-01T23:59:10Z", 0, 100),
        candidate(7, 2, "2026-03-02T00:00:10Z", 0, 101));
    store.upsert(
        List.of(
            minute(7, "2026-03-01T23:59:00Z", 1),
            hour(7, "2026-03-01T23:00:00Z", 1),
            hour(BucketCount.ADVERTISER_TOTAL, "2026-03-01T23:00:00Z", 1)));
    List<BucketDifference> found = new ArrayList<>();

    Comparison result =
        audit.compare(at("2026-03-01T23:00:00Z"), at("2026-03-02T01:00:00Z"), found::add);

    assertThat(found)
        .containsExactly(
            difference(7, "2026-03-02T00:00:00Z", 0, 1),
            new BucketDifference(HOUR, ADV, 7, at("2026-03-02T00:00:00Z"), 0, 1),
            new BucketDifference(HOUR, ADV, 0, at("2026-03-02T00:00:00Z"), 0, 1));
    assertThat(result).isEqualTo(new Comparison(6, 3, 1, 0));
  }

  @Test
  void findsHoursAndDaysWrongOnTheirOwnAboveRightMinutes() throws Exception {
    lake.commit(
        candidate(7, 1, "2026-03-01T10:00:10Z", 0, 100),
        candidate(7, 2, "2026-03-01T11:30:00Z", 0, 101),
        candidate(8, 3, "2026-03-01T10:01:05Z", 1, 50));
    store.upsert(
        List.of(
            minute(7, "2026-03-01T10:00:00Z", 1),
            minute(7, "2026-03-01T11:30:00Z", 1),
            minute(8, "2026-03-01T10:01:00Z", 1),
            hour(7, "2026-03-01T10:00:00Z", 1),
            hour(7, "2026-03-01T11:00:00Z", 3), // wrong: 1 in the lake
            hour(8, "2026-03-01T10:00:00Z", 1),
            hour(0, "2026-03-01T10:00:00Z", 2),
            hour(0, "2026-03-01T11:00:00Z", 1),
            day(7, 2),
            // ad 8's day lost
            day(0, 5))); // wrong: 3 in the lake
    List<BucketDifference> found = new ArrayList<>();

    Comparison result =
        audit.compare(at("2026-03-01T00:00:00Z"), at("2026-03-02T00:00:00Z"), found::add);

    assertThat(found)
        .containsExactly(
            new BucketDifference(HOUR, ADV, 7, at("2026-03-01T11:00:00Z"), 3, 1),
            new BucketDifference(DAY, ADV, 8, at("2026-03-01T00:00:00Z"), 0, 1),
            new BucketDifference(DAY, ADV, 0, at("2026-03-01T00:00:00Z"), 5, 3));
    // 3 minutes, 5 hours (3 ads', 2 advertiser's), 3 days (2 ads', 1 advertiser's)
    assertThat(result).isEqualTo(new Comparison(11, 3, 0, 0));
  }

  @Test
  void aRangeThatCutsEveryHourComparesMinutesOnly() throws Exception {
    lake.commit(candidate(7, 1, "2026-03-01T10:10:10Z", 0, 100));
    store.upsert(List.of(minute(7, "2026-03-01T10:10:00Z", 1)));

    Comparison result =
        audit.compare(at("2026-03-01T10:05:00Z"), at("2026-03-01T10:55:00Z"), d -> {});

    assertThat(result).isEqualTo(new Comparison(1, 0, 0, 0));
  }

  private static BucketCount minute(long adId, String start, long clicks) {
    return new BucketCount(MINUTE, advertiserOf(adId), adId, at(start), clicks, 0);
  }

  private static BucketCount hour(long adId, String start, long clicks) {
    return new BucketCount(HOUR, ADV, adId, at(start), clicks, 0);
  }

  private static BucketCount day(long adId, long clicks) {
    return new BucketCount(DAY, ADV, adId, at("2026-03-01T00:00:00Z"), clicks, 0);
  }

  private static BucketDifference difference(long adId, String start, long stored, long lake) {
    return new BucketDifference(MINUTE, advertiserOf(adId), adId, at(start), stored, lake);
  }

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }
}
