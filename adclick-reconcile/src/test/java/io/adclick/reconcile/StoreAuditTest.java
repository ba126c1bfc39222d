package io.adclick.reconcile;

import static io.adclick.reconcile.TestLake.advertiserOf;
import static io.adclick.reconcile.TestLake.candidate;
import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.store.BucketCount;
import io.adclick.time.Granularity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit against the real embedded store and real Parquet files. */
class StoreAuditTest extends LakeAndStoreTest {

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
            minute(9, "2026-03-01T10:03:00Z", 4))); // added: not in the lake
    List<MinuteDifference> found = new ArrayList<>();

    Comparison result =
        audit.compare(at("2026-03-01T10:00:00Z"), at("2026-03-01T11:00:00Z"), found::add);

    assertThat(found)
        .containsExactly(
            difference(7, "2026-03-01T10:00:00Z", 3, 2),
            difference(8, "2026-03-01T10:01:00Z", 0, 1),
            difference(9, "2026-03-01T10:03:00Z", 4, 0));
    assertThat(result).isEqualTo(new Comparison(4, 3, 1, 5));
  }

  @Test
  void aRangeAcrossMidnightIsComparedDayByDay() throws Exception {
    lake.commit(
        candidate(7, 1, "2026-03-01T23:59:10Z", 0, 100),
        candidate(7, 2, "2026-03-02T00:00:10Z", 0, 101));
    store.upsert(List.of(minute(7, "2026-03-01T23:59:00Z", 1)));
    List<MinuteDifference> found = new ArrayList<>();

    Comparison result =
        audit.compare(at("2026-03-01T23:00:00Z"), at("2026-03-02T01:00:00Z"), found::add);

    assertThat(found).containsExactly(difference(7, "2026-03-02T00:00:00Z", 0, 1));
    assertThat(result).isEqualTo(new Comparison(2, 1, 1, 0));
  }

  private static BucketCount minute(long adId, String start, long clicks) {
    return new BucketCount(Granularity.MINUTE, advertiserOf(adId), adId, at(start), clicks, 0);
  }

  private static MinuteDifference difference(long adId, String start, long stored, long lake) {
    return new MinuteDifference(advertiserOf(adId), adId, at(start), stored, lake);
  }

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }
}
