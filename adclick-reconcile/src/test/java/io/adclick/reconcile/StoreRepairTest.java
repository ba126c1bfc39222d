package io.adclick.reconcile;

import static io.adclick.reconcile.Correction.Reason.RECOUNT;
import static io.adclick.reconcile.Correction.Reason.ROLLUP;
import static io.adclick.reconcile.TestLake.advertiserOf;
import static io.adclick.reconcile.TestLake.candidate;
import static io.adclick.time.Granularity.DAY;
import static io.adclick.time.Granularity.HOUR;
import static io.adclick.time.Granularity.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.store.AdTotal;
import io.adclick.store.BucketCount;
import io.adclick.store.BucketTotal;
import io.adclick.time.Granularity;
import io.adclick.users.UserSketch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Audit, repair and audit again, against the real embedded store and real Parquet files. */
class StoreRepairTest extends LakeAndStoreTest {

  private static final long ADV = advertiserOf(7);
  private static final long HOUR_10 = at("2026-03-01T10:00:00Z");
  private static final long DAY_1 = at("2026-03-01T00:00:00Z");

  @Test
  void repairsMinutesThenTheHoursDaysAndAdvertiserTotalsTheyRollInto() throws Exception {
    lake.commit(
        candidate(7, 1, "2026-03-01T10:00:10Z", 0, 100),
        candidate(7, 2, "2026-03-01T10:00:20Z", 0, 101),
        candidate(7, 3, "2026-03-01T10:01:20Z", 0, 102),
        candidate(8, 4, "2026-03-01T10:02:05Z", 1, 50));
    UserSketch users = UserSketch.of(11, 12);
    // What a faulty job wrote: ad 7's first minute one too many (and a salt on top), ad 8 lost.
    store.upsert(
        List.of(
            count(MINUTE, 7, HOUR_10, 3, 0),
            count(MINUTE, 7, HOUR_10, 1, 2),
            count(MINUTE, 7, HOUR_10 + 60_000, 1, 0),
            new BucketCount(HOUR, ADV, 7, HOUR_10, 5, 0, users),
            count(DAY, 7, DAY_1, 5, 0),
            count(HOUR, BucketCount.ADVERTISER_TOTAL, HOUR_10, 5, 0),
            count(DAY, BucketCount.ADVERTISER_TOTAL, DAY_1, 5, 0)));
    List<BucketDifference> found = new ArrayList<>();
    audit.compare(HOUR_10, HOUR_10 + HOUR.millis(), found::add);

    List<Correction> made = new StoreRepair(store).repair(found);

    assertThat(made)
        .containsExactly(
            new Correction(MINUTE, ADV, 7, HOUR_10, 4, 2, RECOUNT),
            new Correction(MINUTE, ADV, 8, HOUR_10 + 120_000, 0, 1, RECOUNT),
            // the hour is wholly in the range: compared and set to the recount
            new Correction(HOUR, ADV, 7, HOUR_10, 5, 3, RECOUNT),
            new Correction(HOUR, ADV, 8, HOUR_10, 0, 1, RECOUNT),
            new Correction(HOUR, ADV, 0, HOUR_10, 5, 4, RECOUNT),
            // the day is not: re-summed from its hours
            new Correction(DAY, ADV, 7, DAY_1, 5, 3, ROLLUP),
            new Correction(DAY, ADV, 8, DAY_1, 0, 1, ROLLUP),
            new Correction(DAY, ADV, 0, DAY_1, 5, 4, ROLLUP));
    assertThat(audit.compare(HOUR_10, HOUR_10 + HOUR.millis(), d -> {}).rowsDiffering()).isZero();
    assertThat(store.adSeries(HOUR, ADV, 7, HOUR_10, HOUR_10 + HOUR.millis()))
        .containsExactly(new BucketTotal(HOUR_10, 3, users));
    assertThat(store.adTotals(DAY, ADV, DAY_1, DAY_1 + DAY.millis()))
        .containsExactlyInAnyOrder(new AdTotal(7, 3), new AdTotal(8, 1));
    assertThat(store.advertiserSeries(DAY, ADV, DAY_1, DAY_1 + DAY.millis()))
        .extracting(BucketTotal::clicks)
        .containsExactly(4L);
  }

  @Test
  void repairsAnHourOrDayWrongAboveRightMinutesToTheRecountAndNothingElse() throws Exception {
    lake.commit(
        candidate(7, 1, "2026-03-01T10:00:10Z", 0, 100),
        candidate(7, 2, "2026-03-01T11:30:00Z", 0, 101),
        candidate(8, 3, "2026-03-01T10:01:05Z", 1, 50));
    store.upsert(
        List.of(
            count(MINUTE, 7, HOUR_10, 1, 0),
            count(MINUTE, 7, HOUR_10 + 90 * 60_000, 1, 0),
            count(MINUTE, 8, HOUR_10 + 60_000, 1, 0),
            count(HOUR, 7, HOUR_10, 1, 0),
            count(HOUR, 7, HOUR_10 + HOUR.millis(), 3, 0), // wrong: 1 in the lake
            count(HOUR, 8, HOUR_10, 1, 0),
            count(HOUR, 0, HOUR_10, 2, 0),
            count(HOUR, 0, HOUR_10 + HOUR.millis(), 1, 0),
            count(DAY, 7, DAY_1, 2, 0),
            count(DAY, 0, DAY_1, 5, 0))); // wrong: 3 in the lake; ad 8's day lost
    List<BucketDifference> found = new ArrayList<>();
    audit.compare(DAY_1, DAY_1 + DAY.millis(), found::add);

    List<Correction> made = new StoreRepair(store).repair(found);

    assertThat(made)
        .containsExactly(
            new Correction(HOUR, ADV, 7, HOUR_10 + HOUR.millis(), 3, 1, RECOUNT),
            new Correction(DAY, ADV, 8, DAY_1, 0, 1, RECOUNT),
            new Correction(DAY, ADV, 0, DAY_1, 5, 3, RECOUNT));
    assertThat(audit.compare(DAY_1, DAY_1 + DAY.millis(), d -> {}).rowsDiffering()).isZero();
    assertThat(store.adTotals(DAY, ADV, DAY_1, DAY_1 + DAY.millis()))
        .containsExactlyInAnyOrder(new AdTotal(7, 2), new AdTotal(8, 1));
  }

  @Test
  void aStoreThatAgreesIsNotWritten() throws Exception {
    lake.commit(candidate(7, 1, "2026-03-01T10:00:10Z", 0, 100));
    store.upsert(
        List.of(
            count(MINUTE, 7, HOUR_10, 1, 0),
            count(HOUR, 7, HOUR_10, 1, 0),
            count(HOUR, 0, HOUR_10, 1, 0)));
    List<BucketDifference> found = new ArrayList<>();
    audit.compare(HOUR_10, HOUR_10 + HOUR.millis(), found::add);

    assertThat(found).isEmpty();
    assertThat(new StoreRepair(store).repair(found)).isEmpty();
  }

  private static BucketCount count(Granularity g, long adId, long start, long clicks, int salt) {
    return new BucketCount(g, ADV, adId, start, clicks, salt);
  }

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }
}
