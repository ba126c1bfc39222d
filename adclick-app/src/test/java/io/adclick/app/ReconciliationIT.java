package io.adclick.app;

import static io.adclick.time.Granularity.HOUR;
import static io.adclick.time.Granularity.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.event.ClickEvent;
import io.adclick.event.ClickKind;
import io.adclick.reconcile.BucketDifference;
import io.adclick.reconcile.Comparison;
import io.adclick.reconcile.Correction;
import io.adclick.reconcile.LakeRecount;
import io.adclick.reconcile.Reconciliation;
import io.adclick.reconcile.ReconciliationLog;
import io.adclick.reconcile.ReconciliationRun;
import io.adclick.reconcile.StoreAudit;
import io.adclick.reconcile.StoreRepair;
import io.adclick.store.BucketCount;
import io.adclick.store.rocksdb.RocksDbMetricsStore;
import io.adclick.stream.ArchiveFiles;
import io.adclick.stream.JobSettings;
import io.adclick.stream.LoggedClick;
import io.adclick.time.Granularity;
import io.adclick.token.ImpressionId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconciliation end to end on what the real job made: the job on an embedded broker and a
 * MiniCluster counts clicks into its RocksDB store and archives them into its lake; once its
 * minutes are final and the archive committed, the job is stopped and the lake's recount is
 * compared with, and repairs, the store the job wrote.
 *
 * <p>The clicks, ten to twenty minutes old, fall either side of a range boundary {@code R}: fresh
 * clicks of four ads, repeats of an impression across a minute boundary, across {@code R} in click
 * order and across {@code R} against it (logged first, clicked later), in one minute, and clicks
 * that never count (prefetches, HEADs, previews, expired and paused) beside one that does.
 */
class ReconciliationIT {
  private static final long MIN = MINUTE.millis();

  @TempDir static Path dir;

  private static EmbeddedPipeline pipeline;
  private static RocksDbMetricsStore store;
  private static StoreAudit audit;

  /** The range boundary; range A is the 5 minutes before it, range B the 5 from it. */
  private static long boundary;

  /** The job's rule applied to the logged clicks in log order: counted clicks per ad and minute. */
  private static final Map<AdMinute, Long> expected = new TreeMap<>();

  @BeforeAll
  static void countAndArchiveWithTheRealJob() throws Exception {
    pipeline = EmbeddedPipeline.start(dir.resolve("kafka"), dir.resolve("data"));
    boundary = MINUTE.bucketStart(System.currentTimeMillis()) - 12 * MIN;
    List<LoggedClick> logged = new ArrayList<>();
    for (ClickEvent click : clicks(boundary)) {
      logged.add(pipeline.produce(click));
    }
    long loggedAt = System.currentTimeMillis();
    expected.putAll(firstClicksPerAdMinute(logged));

    // Final: the job's watermark passed every minute (it follows the clock once the topic is
    // quiet), so nothing it read is still to be written; committed: the archive holds every click.
    store = RocksDbMetricsStore.open(pipeline.storeDir());
    Eventually.assertThat(
        Duration.ofSeconds(60),
        "the job's minutes are final past the clicks and the archive holds them all",
        () ->
            store.completeThrough() >= loggedAt
                && ArchiveFiles.rows(pipeline.lake()).size() == logged.size());
    pipeline.stopJob();
    assertThat(storedMinutes(rangeA().from(), rangeB().to()))
        .as("the job's minutes, against its rule applied by hand")
        .isEqualTo(expected);
    audit =
        new StoreAudit(
            new LakeRecount(
                pipeline.lake(), JobSettings.DEFAULT_TOKEN_LIFETIME, 256, dir.resolve("spill")),
            store);
  }

  @AfterAll
  static void stop() {
    if (store != null) {
      store.close();
    }
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void theStoreTheJobWroteAgreesWithTheLakesRecountOnEitherSideOfARangeBoundary() throws Exception {
    for (Range range : List.of(rangeA(), rangeB(), new Range(rangeA().from(), rangeB().to()))) {
      List<BucketDifference> differences = new ArrayList<>();
      Comparison found = audit.compare(range.from(), range.to(), differences::add);

      assertThat(differences).as("differences in %s", range).isEmpty();
      assertThat(found.rowsChecked()).as("rows in %s", range).isEqualTo(expectedRows(range));
    }
    assertThat(expectedRows(rangeA())).isGreaterThan(10);
    assertThat(expectedRows(rangeB())).isGreaterThan(10);
  }

  @Test
  void theJobsHoursAndAdvertiserTotalsAgreeWithTheRecountRolledUp() throws Exception {
    Range hours = wholeHours();
    List<BucketDifference> differences = new ArrayList<>();

    Comparison found = audit.compare(hours.from(), hours.to(), differences::add);

    assertThat(differences).isEmpty();
    assertThat(found.rowsChecked())
        .as("minutes, then each ad's and advertiser's hours")
        .isEqualTo(expectedRows(hours) + expectedHourRows());
    assertThat(stored(HOUR, hours.from(), hours.to())).hasSize((int) expectedHourRows());
  }

  @Test
  void oneRunRepairsExactlyTheRowsCorruptedOnPurposeRecordsThemAndASecondRunFindsNothing()
      throws Exception {
    Range range = wholeHours();
    Map<AdMinute, Long> before = storedMinutes(range.from(), range.to());
    Map<AdMinute, Long> hoursBefore = stored(HOUR, range.from(), range.to());
    // Changed: the minute of an impression clicked again across the boundary.
    AdMinute changed = new AdMinute(advertiserOf(2), 2, boundary - MIN);
    long changedClicks = before.get(changed);
    // Deleted: the minute of an impression logged first but clicked after its repeat.
    AdMinute deleted = new AdMinute(advertiserOf(3), 3, boundary);
    long deletedClicks = before.get(deleted);
    // Added: a minute in which ad 1 had no click.
    AdMinute added = new AdMinute(advertiserOf(1), 1, boundary - MIN);
    assertThat(before).doesNotContainKey(added);
    // An ad's hour and an advertiser's hour wrong on their own, above right minutes.
    AdMinute adHour = new AdMinute(advertiserOf(4), 4, HOUR.bucketStart(boundary));
    long adHourClicks = hoursBefore.get(adHour);
    AdMinute advertiserHour =
        new AdMinute(advertiserOf(1), BucketCount.ADVERTISER_TOTAL, HOUR.bucketStart(boundary));
    long advertiserHourClicks = hoursBefore.get(advertiserHour);
    store.overwrite(
        List.of(
            changed.count(changedClicks + 3),
            deleted.count(0),
            adHour.count(HOUR, adHourClicks + 5),
            advertiserHour.count(HOUR, advertiserHourClicks - 1)));
    store.upsert(List.of(added.count(4)));

    try (ReconciliationLog log = ReconciliationLog.open(dir.resolve("reconciliation.duckdb"))) {
      Reconciliation reconciliation =
          new Reconciliation(audit, new StoreRepair(store), log, Clock.systemUTC());
      ReconciliationRun run = reconciliation.run(range.from(), range.to(), false);

      assertThat(run.found().rowsDiffering()).isEqualTo(5);
      // Clicks are the minutes'.
      assertThat(run.found().clicksToAdd()).isEqualTo(deletedClicks);
      assertThat(run.found().clicksToRemove()).isEqualTo(3 + 4);
      // The other hours and the days above were never touched: re-summing them changes nothing.
      assertThat(log.corrections(run.id()))
          .containsExactlyInAnyOrder(
              changed.correction(changedClicks + 3, changedClicks),
              deleted.correction(0, deletedClicks),
              added.correction(4, 0),
              adHour.correction(HOUR, adHourClicks + 5, adHourClicks),
              advertiserHour.correction(HOUR, advertiserHourClicks - 1, advertiserHourClicks));
      assertThat(run.corrections()).isEqualTo(5);
      assertThat(storedMinutes(range.from(), range.to())).isEqualTo(before).isEqualTo(expected);
      assertThat(stored(HOUR, range.from(), range.to())).isEqualTo(hoursBefore);

      ReconciliationRun again = reconciliation.run(range.from(), range.to(), false);
      assertThat(again.found().rowsDiffering()).isZero();
      assertThat(again.corrections()).isZero();
      assertThat(log.corrections(again.id())).isEmpty();
      assertThat(log.runs(10)).containsExactly(again, run);
    }
  }

  /**
   * Fresh clicks of ads 1-4 in each minute of both ranges but some (so an ad has quiet minutes),
   * and the repeats and uncounted kinds the class comment lists.
   */
  private static List<ClickEvent> clicks(long r) {
    List<ClickEvent> clicks = new ArrayList<>();
    long impression = 1;
    for (int m = -5; m < 5; m++) {
      for (int ad = 1; ad <= 4; ad++) {
        if ((m + ad) % 3 != 0) {
          clicks.add(click(ad, impression++, r + m * MIN + ad * 7_000, ClickKind.CANDIDATE));
        }
      }
    }
    // Across a minute boundary: counted in the first minute only.
    clicks.add(click(1, 1001, r + 2 * MIN - 3_000, ClickKind.CANDIDATE));
    clicks.add(click(1, 1001, r + 2 * MIN + 3_000, ClickKind.CANDIDATE));
    // Across the range boundary: counted before it, not again after it.
    clicks.add(click(2, 1002, r - 10_000, ClickKind.CANDIDATE));
    clicks.add(click(2, 1002, r + 10_000, ClickKind.CANDIDATE));
    // Across the range boundary against click order: the first logged counts, after the boundary.
    clicks.add(click(3, 1003, r + 20_000, ClickKind.CANDIDATE));
    clicks.add(click(3, 1003, r - 20_000, ClickKind.CANDIDATE));
    // Twice in one minute.
    clicks.add(click(4, 1004, r + 3 * MIN + 10_000, ClickKind.CANDIDATE));
    clicks.add(click(4, 1004, r + 3 * MIN + 11_000, ClickKind.CANDIDATE));
    // Kinds that never count, then a prefetched impression clicked for real.
    long kindId = 2000;
    for (ClickKind kind : ClickKind.values()) {
      if (kind != ClickKind.CANDIDATE) {
        clicks.add(click(4, kindId++, r - 2 * MIN + 5_000, kind));
      }
    }
    clicks.add(click(2, 1005, r - 3 * MIN + 5_000, ClickKind.PREFETCH));
    clicks.add(click(2, 1005, r - 3 * MIN + 6_000, ClickKind.CANDIDATE));
    clicks.add(click(2, 1005, r - 2 * MIN + 6_000, ClickKind.PREFETCH));
    return clicks;
  }

  private static ClickEvent click(long ad, long impression, long at, ClickKind kind) {
    return new ClickEvent(
        ad, advertiserOf(ad), new ImpressionId(7, impression), at, at - 60_000, null, kind);
  }

  private static long advertiserOf(long ad) {
    return ad <= 2 ? 10 : 20;
  }

  /** In log order (repeats of an impression share an ad, so a partition): first candidates. */
  private static Map<AdMinute, Long> firstClicksPerAdMinute(List<LoggedClick> logged) {
    Map<AdMinute, Long> counts = new TreeMap<>();
    Set<ImpressionId> seen = new HashSet<>();
    for (LoggedClick l : logged) {
      ClickEvent c = l.click();
      if (c.kind() == ClickKind.CANDIDATE && seen.add(c.impressionId())) {
        counts.merge(
            new AdMinute(c.advertiserId(), c.adId(), MINUTE.bucketStart(c.clickTimeMillis())),
            1L,
            Long::sum);
      }
    }
    return counts;
  }

  private static Map<AdMinute, Long> storedMinutes(long from, long to) {
    return stored(MINUTE, from, to);
  }

  /** The store's buckets of a granularity in a range; ad 0 is an advertiser's total. */
  private static Map<AdMinute, Long> stored(Granularity g, long from, long to) {
    Map<AdMinute, Long> minutes = new TreeMap<>();
    for (long day = from; day < to; ) {
      long end = Math.min(to, Granularity.DAY.bucketEnd(day));
      store.scanBuckets(
          g,
          day,
          end,
          c ->
              minutes.merge(
                  new AdMinute(c.advertiserId(), c.adId(), c.bucketStart()),
                  c.clicks(),
                  Long::sum));
      day = end;
    }
    return minutes;
  }

  private static long expectedRows(Range range) {
    return expected.keySet().stream()
        .filter(k -> k.minute() >= range.from() && k.minute() < range.to())
        .count();
  }

  /** Each (ad, hour) and (advertiser, hour) the expected minutes roll up into. */
  private static long expectedHourRows() {
    Set<AdMinute> hours = new HashSet<>();
    for (AdMinute m : expected.keySet()) {
      hours.add(new AdMinute(m.advertiserId(), m.adId(), HOUR.bucketStart(m.minute())));
      hours.add(new AdMinute(m.advertiserId(), 0, HOUR.bucketStart(m.minute())));
    }
    return hours.size();
  }

  /** The whole hours around both ranges: the audit compares hours too. */
  private static Range wholeHours() {
    return new Range(
        HOUR.bucketStart(rangeA().from()), HOUR.bucketStart(rangeB().to() - 1) + HOUR.millis());
  }

  private static Range rangeA() {
    return new Range(boundary - 5 * MIN, boundary);
  }

  private static Range rangeB() {
    return new Range(boundary, boundary + 5 * MIN);
  }

  private record Range(long from, long to) {}

  private record AdMinute(long advertiserId, long adId, long minute)
      implements Comparable<AdMinute> {
    @Override
    public int compareTo(AdMinute o) {
      int c = Long.compare(advertiserId, o.advertiserId);
      c = c != 0 ? c : Long.compare(adId, o.adId);
      return c != 0 ? c : Long.compare(minute, o.minute);
    }

    BucketCount count(long clicks) {
      return count(MINUTE, clicks);
    }

    BucketCount count(Granularity g, long clicks) {
      return new BucketCount(g, advertiserId, adId, minute, clicks, 0);
    }

    Correction correction(long before, long after) {
      return correction(MINUTE, before, after);
    }

    Correction correction(Granularity g, long before, long after) {
      return new Correction(
          g, advertiserId, adId, minute, before, after, Correction.Reason.RECOUNT);
    }
  }
}
