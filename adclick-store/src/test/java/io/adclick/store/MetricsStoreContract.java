package io.adclick.store;

import static io.adclick.time.Granularity.DAY;
import static io.adclick.time.Granularity.HOUR;
import static io.adclick.time.Granularity.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adclick.time.Granularity;
import io.adclick.users.UserSketch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MetricsStore} adapter must do. Each adapter's test extends this and provides a
 * fresh, empty store per test.
 */
public abstract class MetricsStoreContract {

  protected static final long MIN = MINUTE.millis();

  /** A minute boundary, and the start of an hour, in 2023. */
  protected static final long T0 = 1_700_000_000_000L - 1_700_000_000_000L % HOUR.millis();

  protected static final long ADV = 7;
  protected static final long OTHER_ADV = 8;

  /** A fresh, empty store; the subclass closes it after the test. */
  protected abstract MetricsStore store();

  protected static BucketCount minute(long adId, int minute, long clicks) {
    return count(MINUTE, ADV, adId, T0 + minute * MIN, clicks, 0);
  }

  protected static BucketCount count(
      Granularity g, long advertiserId, long adId, long start, long clicks, int salt) {
    return new BucketCount(g, advertiserId, adId, start, clicks, salt);
  }

  /** What the job writes for an advertiser: the sum of the totals it writes for its ads. */
  protected static BucketCount advertiserTotal(
      Granularity g, long advertiserId, long start, long clicks) {
    return count(g, advertiserId, BucketCount.ADVERTISER_TOTAL, start, clicks, 0);
  }

  protected static BucketTotal at(int minute, long clicks) {
    return new BucketTotal(T0 + minute * MIN, clicks);
  }

  @Test
  void adSeriesReturnsExactlyTheRangeOfOneAdAndGranularity() {
    MetricsStore store = store();
    List<BucketCount> counts = new ArrayList<>();
    for (long ad : new long[] {1, 2, 3}) {
      for (int m = 0; m < 10; m++) {
        counts.add(minute(ad, m, ad * 100 + m));
      }
    }
    counts.add(count(HOUR, ADV, 2, T0, 999, 0));
    counts.add(count(DAY, ADV, 2, DAY.bucketStart(T0), 9999, 0));
    store.upsert(counts);

    assertThat(store.adSeries(MINUTE, ADV, 2, T0 + 3 * MIN, T0 + 7 * MIN))
        .containsExactly(at(3, 203), at(4, 204), at(5, 205), at(6, 206));
    assertThat(store.adSeries(HOUR, ADV, 2, 0, Long.MAX_VALUE))
        .containsExactly(new BucketTotal(T0, 999));
    assertThat(store.adSeries(DAY, ADV, 2, 0, Long.MAX_VALUE))
        .containsExactly(new BucketTotal(DAY.bucketStart(T0), 9999));
    assertThat(store.adSeries(MINUTE, ADV, 2, T0 + MIN, T0 + MIN)).isEmpty();
  }

  @Test
  void aScanOfMinutesVisitsEveryAdInOrderSummingSaltsAndOnlyTheRange() {
    MetricsStore store = store();
    store.upsert(
        List.of(
            count(MINUTE, OTHER_ADV, 1, T0 + 5 * MIN, 3, 0),
            minute(9, 5, 2),
            minute(2, 6, 1),
            minute(2, 5, 4),
            count(MINUTE, ADV, 2, T0 + 5 * MIN, 6, 3), // a hot ad's salt
            count(MINUTE, ADV, 4, T0 + 5 * MIN, 7, 2), // a salt alone
            minute(2, 4, 100), // before the range
            minute(2, 8, 100), // at its end
            count(HOUR, ADV, 2, T0, 111, 0),
            advertiserTotal(HOUR, ADV, T0, 111)));
    List<BucketCount> seen = new ArrayList<>();

    store.scanBuckets(MINUTE, T0 + 5 * MIN, T0 + 8 * MIN, seen::add);

    assertThat(seen)
        .containsExactly(
            minute(2, 5, 10),
            minute(2, 6, 1),
            minute(4, 5, 7),
            minute(9, 5, 2),
            count(MINUTE, OTHER_ADV, 1, T0 + 5 * MIN, 3, 0));
  }

  @Test
  void aScanOfMinutesTakesOneDayAtATimeAndAnEmptyOneVisitsNothing() {
    MetricsStore store = store();
    store.upsert(List.of(minute(2, 5, 4)));
    long day = DAY.bucketStart(T0);
    List<BucketCount> seen = new ArrayList<>();

    store.scanBuckets(MINUTE, day + DAY.millis(), day + 2 * DAY.millis(), seen::add);

    assertThat(seen).isEmpty();
    assertThatThrownBy(() -> store.scanBuckets(MINUTE, day, day + DAY.millis() + MIN, seen::add))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("within one UTC day");
    assertThatThrownBy(() -> store.scanBuckets(MINUTE, T0, T0, seen::add))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aScanOfHoursOrDaysHandsOnEachAdvertisersTotalsBeforeItsAds() {
    MetricsStore store = store();
    long day = DAY.bucketStart(T0);
    long nextDay = day + DAY.millis();
    store.upsert(
        List.of(
            count(HOUR, ADV, 3, T0 + HOUR.millis(), 4, 0),
            count(HOUR, ADV, 2, T0, 5, 0),
            count(HOUR, ADV, 2, T0, 6, 2), // a hot ad's salt
            advertiserTotal(HOUR, ADV, T0, 11),
            advertiserTotal(HOUR, ADV, T0 + HOUR.millis(), 4),
            count(HOUR, OTHER_ADV, 1, T0, 3, 0),
            advertiserTotal(HOUR, OTHER_ADV, T0, 3),
            advertiserTotal(HOUR, 99, T0, 1), // an advertiser total with no ad rows
            count(HOUR, ADV, 2, T0 - HOUR.millis(), 100, 0), // before the range
            advertiserTotal(HOUR, ADV, T0 + 2 * HOUR.millis(), 100), // at its end
            count(HOUR, ADV, 2, nextDay, 100, 0), // the next day
            count(DAY, ADV, 2, day, 11, 0),
            advertiserTotal(DAY, ADV, day, 11),
            minute(2, 0, 100)));
    List<BucketCount> hours = new ArrayList<>();
    List<BucketCount> days = new ArrayList<>();

    store.scanBuckets(HOUR, T0, T0 + 2 * HOUR.millis(), hours::add);
    store.scanBuckets(DAY, day, nextDay, days::add);

    assertThat(hours)
        .containsExactly(
            advertiserTotal(HOUR, ADV, T0, 11),
            advertiserTotal(HOUR, ADV, T0 + HOUR.millis(), 4),
            count(HOUR, ADV, 2, T0, 11, 0),
            count(HOUR, ADV, 3, T0 + HOUR.millis(), 4, 0),
            advertiserTotal(HOUR, OTHER_ADV, T0, 3),
            count(HOUR, OTHER_ADV, 1, T0, 3, 0),
            advertiserTotal(HOUR, 99, T0, 1));
    assertThat(days)
        .containsExactly(advertiserTotal(DAY, ADV, day, 11), count(DAY, ADV, 2, day, 11, 0));
  }

  @Test
  void anOverwriteLowersATotalAndStandsForEverySaltOfItsBucket() {
    MetricsStore store = store();
    store.upsert(
        List.of(
            count(MINUTE, ADV, 2, T0, 5, 0),
            count(MINUTE, ADV, 2, T0, 7, 3),
            minute(2, 1, 9),
            minute(3, 0, 1)));

    store.overwrite(List.of(minute(2, 0, 4), minute(2, 1, 0)));

    assertThat(store.adSeries(MINUTE, ADV, 2, T0, T0 + 2 * MIN)).containsExactly(at(0, 4));
    assertThat(store.adSeries(MINUTE, ADV, 3, T0, T0 + 2 * MIN)).containsExactly(at(0, 1));
    assertThat(store.advertiserSeries(MINUTE, ADV, T0, T0 + 2 * MIN)).containsExactly(at(0, 5));
    List<BucketCount> scanned = new ArrayList<>();
    store.scanBuckets(MINUTE, T0, T0 + 2 * MIN, scanned::add);
    assertThat(scanned).containsExactly(minute(2, 0, 4), minute(3, 0, 1));
  }

  @Test
  void anOverwrittenDayAndAdvertiserHourKeepEveryViewInStep() {
    MetricsStore store = store();
    long day = DAY.bucketStart(T0);
    UserSketch users = UserSketch.of(1, 2, 3);
    store.upsert(
        List.of(
            count(DAY, ADV, 2, day, 10, 0),
            count(DAY, ADV, 2, day, 3, 1),
            count(DAY, ADV, 5, day, 4, 0),
            advertiserTotal(HOUR, ADV, T0, 17)));

    store.overwrite(
        List.of(
            new BucketCount(DAY, ADV, 2, day, 6, 0, users), advertiserTotal(HOUR, ADV, T0, 10)));

    assertThat(store.adSeries(DAY, ADV, 2, day, day + DAY.millis()))
        .containsExactly(new BucketTotal(day, 6, users));
    assertThat(store.adTotals(DAY, ADV, day, day + DAY.millis()))
        .containsExactlyInAnyOrder(new AdTotal(2, 6), new AdTotal(5, 4));
    assertThat(store.advertiserSeries(HOUR, ADV, T0, T0 + HOUR.millis()))
        .extracting(BucketTotal::clicks)
        .containsExactly(10L);
  }

  @Test
  void aRunningTotalWrittenAfterARepairMergesOverItAsUsual() {
    MetricsStore store = store();
    store.upsert(List.of(minute(2, 0, 9)));
    store.overwrite(List.of(minute(2, 0, 4)));

    store.upsert(List.of(minute(2, 0, 3)));
    assertThat(store.adSeries(MINUTE, ADV, 2, T0, T0 + MIN)).containsExactly(at(0, 4));
    store.upsert(List.of(minute(2, 0, 6)));
    assertThat(store.adSeries(MINUTE, ADV, 2, T0, T0 + MIN)).containsExactly(at(0, 6));
  }

  @Test
  void anOverwriteRefusesASaltedTotal() {
    MetricsStore store = store();

    assertThatThrownBy(() -> store.overwrite(List.of(count(MINUTE, ADV, 2, T0, 4, 3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("salt 0");
  }

  @Test
  void adSeriesOfAnAdWithNoDataIsEmptyEvenWhenNeighboursHaveData() {
    MetricsStore store = store();
    store.upsert(List.of(minute(1, 0, 1), minute(3, 0, 3)));

    assertThat(store.adSeries(MINUTE, ADV, 2, 0, Long.MAX_VALUE)).isEmpty();
    assertThat(store.adSeries(HOUR, ADV, 1, 0, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void adSeriesSumsAHotAdsSaltsAndEachSaltKeepsItsOwnRunningTotal() {
    MetricsStore store = store();
    store.upsert(
        List.of(
            count(MINUTE, ADV, 2, T0, 5, 0),
            count(MINUTE, ADV, 2, T0, 7, 3),
            count(MINUTE, ADV, 2, T0, 1, 63),
            count(MINUTE, ADV, 2, T0 + MIN, 4, 3),
            minute(1, 0, 100)));
    // A salt's running total replaces its previous one; it is not added to.
    store.upsert(List.of(count(MINUTE, ADV, 2, T0, 8, 3)));

    assertThat(store.adSeries(MINUTE, ADV, 2, T0, T0 + 2 * MIN))
        .containsExactly(at(0, 5 + 8 + 1), at(1, 4));
    assertThat(store.advertiserSeries(MINUTE, ADV, T0, T0 + 2 * MIN))
        .containsExactly(at(0, 5 + 8 + 1 + 100), at(1, 4));
    assertThat(store.adTotals(MINUTE, ADV, T0, T0 + 2 * MIN))
        .containsExactlyInAnyOrder(new AdTotal(2, 18), new AdTotal(1, 100));
  }

  @Test
  void aSmallerTotalNeverMovesAnyViewBackwards() {
    MetricsStore store = store();
    store.upsert(List.of(minute(1, 0, 300), count(MINUTE, ADV, 1, T0, 40, 2)));
    // What a job restored from an older checkpoint writes until its replay catches up.
    store.upsert(List.of(minute(1, 0, 250), count(MINUTE, ADV, 1, T0, 39, 2)));

    assertThat(store.adSeries(MINUTE, ADV, 1, T0, T0 + MIN)).containsExactly(at(0, 340));
    assertThat(store.advertiserSeries(MINUTE, ADV, T0, T0 + MIN)).containsExactly(at(0, 340));
    assertThat(store.adTotals(MINUTE, ADV, T0, T0 + MIN)).containsExactly(new AdTotal(1, 340));
    store.upsert(List.of(minute(1, 0, 301)));
    assertThat(store.advertiserSeries(MINUTE, ADV, T0, T0 + MIN)).containsExactly(at(0, 341));
  }

  @Test
  void repeatingAnUpsertIsIdempotentInEveryView() {
    MetricsStore store = store();
    List<BucketCount> batch = List.of(minute(1, 0, 5), minute(2, 0, 6), minute(1, 1, 2));
    store.upsert(batch);
    store.upsert(batch);
    store.upsert(List.of(minute(1, 0, 7)));
    store.upsert(List.of(minute(1, 0, 7)));

    assertThat(store.adSeries(MINUTE, ADV, 1, T0, T0 + 2 * MIN))
        .containsExactly(at(0, 7), at(1, 2));
    assertThat(store.advertiserSeries(MINUTE, ADV, T0, T0 + 2 * MIN))
        .containsExactly(at(0, 13), at(1, 2));
    assertThat(store.adTotals(MINUTE, ADV, T0, T0 + 2 * MIN))
        .containsExactlyInAnyOrder(new AdTotal(1, 9), new AdTotal(2, 6));
  }

  @Test
  void oneBatchWritingTheSameBucketTwiceKeepsTheLargerTotal() {
    MetricsStore store = store();
    store.upsert(List.of(minute(1, 0, 5), minute(1, 0, 9), minute(1, 0, 7)));

    assertThat(store.adSeries(MINUTE, ADV, 1, T0, T0 + MIN)).containsExactly(at(0, 9));
    assertThat(store.advertiserSeries(MINUTE, ADV, T0, T0 + MIN)).containsExactly(at(0, 9));
  }

  @Test
  void advertiserSeriesSumsOnlyThatAdvertisersAds() {
    MetricsStore store = store();
    store.upsert(
        List.of(
            minute(1, 0, 10),
            minute(2, 0, 20),
            minute(2, 2, 5),
            count(MINUTE, OTHER_ADV, 3, T0, 1000, 0),
            count(HOUR, ADV, 1, T0, 10, 0),
            count(HOUR, ADV, 2, T0, 25, 0),
            advertiserTotal(HOUR, ADV, T0, 35)));

    assertThat(store.advertiserSeries(MINUTE, ADV, T0, T0 + 5 * MIN))
        .containsExactly(at(0, 30), at(2, 5));
    assertThat(store.advertiserSeries(MINUTE, OTHER_ADV, 0, Long.MAX_VALUE))
        .containsExactly(at(0, 1000));
    assertThat(store.advertiserSeries(HOUR, ADV, 0, Long.MAX_VALUE))
        .containsExactly(new BucketTotal(T0, 35));
    assertThat(store.advertiserSeries(MINUTE, 99, 0, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void advertiserHoursAndDaysNeverMoveBackwardsAndLeaveTheAdViewsAlone() {
    MetricsStore store = store();
    store.upsert(
        List.of(
            count(HOUR, ADV, 1, T0, 6, 0),
            count(HOUR, ADV, 2, T0, 4, 0),
            advertiserTotal(HOUR, ADV, T0, 10),
            count(DAY, ADV, 1, DAY.bucketStart(T0), 6, 0),
            count(DAY, ADV, 2, DAY.bucketStart(T0), 4, 0),
            advertiserTotal(DAY, ADV, DAY.bucketStart(T0), 10)));
    // A restored job's older totals.
    store.upsert(List.of(count(HOUR, ADV, 1, T0, 5, 0), advertiserTotal(HOUR, ADV, T0, 9)));

    assertThat(store.advertiserSeries(HOUR, ADV, 0, Long.MAX_VALUE))
        .containsExactly(new BucketTotal(T0, 10));
    assertThat(store.advertiserSeries(DAY, ADV, 0, Long.MAX_VALUE))
        .containsExactly(new BucketTotal(DAY.bucketStart(T0), 10));
    assertThat(store.adTotals(DAY, ADV, 0, Long.MAX_VALUE))
        .containsExactlyInAnyOrder(new AdTotal(1, 6), new AdTotal(2, 4));
    assertThat(store.adTotals(HOUR, ADV, 0, Long.MAX_VALUE))
        .containsExactlyInAnyOrder(new AdTotal(1, 6), new AdTotal(2, 4));
  }

  @Test
  void advertiserTotalsOfMinutesOrWithASaltAreRefused() {
    MetricsStore store = store();
    assertThatThrownBy(() -> store.upsert(List.of(advertiserTotal(MINUTE, ADV, T0, 1))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> store.upsert(List.of(count(HOUR, ADV, BucketCount.ADVERTISER_TOTAL, T0, 1, 2))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void adTotalsSumEachAdOverTheRangeAndLeaveOutOtherAdvertisersAndBuckets() {
    MetricsStore store = store();
    store.upsert(
        List.of(
            minute(1, 0, 10),
            minute(1, 1, 11),
            minute(1, 5, 1000),
            minute(2, 1, 20),
            count(MINUTE, OTHER_ADV, 3, T0, 1000, 0)));

    assertThat(store.adTotals(MINUTE, ADV, T0, T0 + 5 * MIN))
        .containsExactlyInAnyOrder(new AdTotal(1, 21), new AdTotal(2, 20));
    assertThat(store.adTotals(MINUTE, ADV, T0 + 2 * MIN, T0 + 5 * MIN)).isEmpty();
    assertThat(store.adTotals(HOUR, ADV, 0, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void readsSpanningManyDaysAndYearsFindEveryBucket() {
    MetricsStore store = store();
    long day = DAY.millis();
    List<BucketCount> counts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long start = DAY.bucketStart(T0) + i * 200 * day;
      counts.add(count(DAY, ADV, 1, start, i + 1, 0));
      counts.add(advertiserTotal(DAY, ADV, start, i + 1));
      counts.add(count(HOUR, ADV, 1, start + HOUR.millis(), 10 * (i + 1), 0));
      counts.add(advertiserTotal(HOUR, ADV, start + HOUR.millis(), 10 * (i + 1)));
      counts.add(count(MINUTE, ADV, 1, start + MIN, 100 * (i + 1), 0));
    }
    store.upsert(counts);

    for (Granularity g : Granularity.values()) {
      assertThat(store.adSeries(g, ADV, 1, 0, Long.MAX_VALUE)).as(g.apiName()).hasSize(5);
      assertThat(store.advertiserSeries(g, ADV, 0, Long.MAX_VALUE)).as(g.apiName()).hasSize(5);
    }
    assertThat(store.adTotals(DAY, ADV, 0, Long.MAX_VALUE)).containsExactly(new AdTotal(1, 15));
    assertThat(store.adTotals(MINUTE, ADV, 0, DAY.bucketStart(T0) + 401 * day))
        .containsExactly(new AdTotal(1, 600));
  }

  @Test
  void upsertRejectsNegativeTotalsAndBucketsBeforeTheEpoch() {
    MetricsStore store = store();
    assertThatThrownBy(() -> store.upsert(List.of(minute(1, 0, -1))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.upsert(List.of(count(MINUTE, ADV, 1, -MIN, 1, 0))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.adSeries(MINUTE, ADV, 1, 0, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void completeThroughStartsAtZeroAndNeverMovesBackwards() {
    MetricsStore store = store();
    assertThat(store.completeThrough()).isZero();

    store.advanceCompleteThrough(T0);
    store.advanceCompleteThrough(T0 - MIN);
    assertThat(store.completeThrough()).isEqualTo(T0);

    store.advanceCompleteThrough(T0 + MIN);
    assertThat(store.completeThrough()).isEqualTo(T0 + MIN);
  }

  @Test
  void concurrentUpsertsOfManyAdsKeepAdvertiserSumsEqualToTheirAds() throws Exception {
    MetricsStore store = store();
    int writers = 4;
    int rounds = 30;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        long ad = 10 + w;
        done.add(
            pool.submit(
                () -> {
                  for (int r = 1; r <= rounds; r++) {
                    store.upsert(List.of(minute(ad, 0, r), minute(ad, r % 3, r)));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(store.advertiserSeries(MINUTE, ADV, T0, T0 + 3 * MIN))
        .containsExactly(at(0, writers * rounds), at(1, writers * 28L), at(2, writers * 29L));
    assertThat(store.adTotals(MINUTE, ADV, T0, T0 + 3 * MIN))
        .hasSize(writers)
        .allSatisfy(t -> assertThat(t.clicks()).isEqualTo(rounds + 28 + 29));
  }

  @Test
  void retentionRemovesOldMinutesButKeepsHoursAndRecentMinutes() {
    MetricsStore store = store();
    long day = DAY.millis();
    long old = DAY.bucketStart(T0);
    long recent = old + 40 * day;
    store.upsert(
        List.of(
            count(MINUTE, ADV, 1, old, 5, 0),
            count(HOUR, ADV, 1, old, 5, 0),
            count(MINUTE, ADV, 1, recent, 7, 0)));
    Retention retention =
        new Retention(Duration.ofDays(30), Duration.ofDays(730), Duration.ofDays(730));

    int removed = store.applyRetention(retention, recent + day);

    assertThat(removed).isPositive();
    assertThat(store.adSeries(MINUTE, ADV, 1, 0, Long.MAX_VALUE))
        .containsExactly(new BucketTotal(recent, 7));
    assertThat(store.advertiserSeries(MINUTE, ADV, 0, Long.MAX_VALUE))
        .containsExactly(new BucketTotal(recent, 7));
    assertThat(store.adTotals(MINUTE, ADV, 0, recent)).isEmpty();
    assertThat(store.adSeries(HOUR, ADV, 1, 0, Long.MAX_VALUE))
        .containsExactly(new BucketTotal(old, 5));
    assertThat(store.applyRetention(retention, recent + day)).isZero();
  }

  @Test
  void sizeOnDiskGrowsWithData() {
    MetricsStore store = store();
    List<BucketCount> counts = new ArrayList<>();
    for (int ad = 1; ad <= 2000; ad++) {
      counts.add(minute(ad, ad % 60, ad));
    }
    store.upsert(counts);

    assertThat(store.sizeOnDiskBytes()).isPositive();
  }

  private static UserSketch users(String... keys) {
    long[] hashes = new long[keys.length];
    for (int i = 0; i < keys.length; i++) {
      hashes[i] = UserSketch.userHash(keys[i]);
    }
    return UserSketch.of(hashes);
  }

  private static BucketCount withUsers(BucketCount count, UserSketch users) {
    return new BucketCount(
        count.granularity(),
        count.advertiserId(),
        count.adId(),
        count.bucketStart(),
        count.clicks(),
        count.salt(),
        users);
  }

  @Test
  void hoursAndDaysComeBackWithTheirUsers() {
    MetricsStore store = store();
    long day = DAY.bucketStart(T0);
    store.upsert(
        List.of(
            withUsers(count(HOUR, ADV, 2, T0, 4, 0), users("a", "b", "c")),
            withUsers(count(DAY, ADV, 2, day, 5, 0), users("a", "b", "c", "d")),
            count(HOUR, ADV, 3, T0, 9, 0),
            minute(2, 0, 4)));

    assertThat(store.adSeries(HOUR, ADV, 2, 0, Long.MAX_VALUE))
        .containsExactly(new BucketTotal(T0, 4, users("a", "b", "c")));
    assertThat(store.adSeries(DAY, ADV, 2, 0, Long.MAX_VALUE).get(0).users().estimate())
        .isEqualTo(4);
    assertThat(store.adSeries(HOUR, ADV, 3, 0, Long.MAX_VALUE))
        .containsExactly(new BucketTotal(T0, 9, UserSketch.EMPTY));
    assertThat(store.adSeries(MINUTE, ADV, 2, 0, Long.MAX_VALUE))
        .containsExactly(new BucketTotal(T0, 4, UserSketch.EMPTY));
  }

  @Test
  void aHotAdsSaltsMergeTheirUsersCountingSharedOnesOnce() {
    MetricsStore store = store();
    store.upsert(
        List.of(
            withUsers(count(HOUR, ADV, 2, T0, 2, 0), users("a", "b")),
            withUsers(count(HOUR, ADV, 2, T0, 3, 5), users("b", "c", "d"))));

    BucketTotal hour = store.adSeries(HOUR, ADV, 2, 0, Long.MAX_VALUE).get(0);
    assertThat(hour.clicks()).isEqualTo(5);
    assertThat(hour.users().estimate()).isEqualTo(4);
  }

  @Test
  void usersFollowTheLargestTotalSoARestoredJobsOlderWritesChangeNothing() {
    MetricsStore store = store();
    UserSketch five = users("a", "b", "c", "d", "e");
    UserSketch seven = users("a", "b", "c", "d", "e", "f", "g");
    store.upsert(List.of(withUsers(count(HOUR, ADV, 2, T0, 5, 0), five)));
    store.upsert(List.of(withUsers(count(HOUR, ADV, 2, T0, 7, 0), seven)));
    store.upsert(
        List.of(
            withUsers(count(HOUR, ADV, 2, T0, 5, 0), five),
            withUsers(advertiserTotal(HOUR, ADV, T0, 7), seven)));
    store.upsert(List.of(withUsers(advertiserTotal(HOUR, ADV, T0, 6), users("a"))));

    assertThat(store.adSeries(HOUR, ADV, 2, 0, Long.MAX_VALUE))
        .containsExactly(new BucketTotal(T0, 7, seven));
    assertThat(store.advertiserSeries(HOUR, ADV, 0, Long.MAX_VALUE))
        .containsExactly(new BucketTotal(T0, 7, seven));
    assertThat(store.adTotals(HOUR, ADV, 0, Long.MAX_VALUE)).containsExactly(new AdTotal(2, 7));
  }

  @Test
  void minutesWithUsersAreRefused() {
    MetricsStore store = store();
    assertThatThrownBy(() -> store.upsert(List.of(withUsers(minute(1, 0, 1), users("a")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hours and days only");
  }
}
