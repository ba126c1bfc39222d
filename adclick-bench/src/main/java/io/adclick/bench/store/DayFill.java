package io.adclick.bench.store;

import io.adclick.store.BucketCount;
import io.adclick.store.MetricsStore;
import io.adclick.time.Granularity;
import io.adclick.users.UserSketch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import org.HdrHistogram.Histogram;

/**
 * Writes clicks into a store the way the stream job's sink does: minute by minute, each ad that had
 * clicks in the minute gets its minute total and its running hour and day totals, upserted in
 * batches of the sink's size. Click volume is flat over the day and ads are drawn from a Zipf
 * popularity, so the number of (ad, minute) rows is what the design point produces. With users,
 * hours and days carry the sketches of their clicks' users too ({@link UserFill}).
 */
final class DayFill {

  private final MetricsStore store;
  private final Population population;
  private final ZipfAlias popularity;
  private final SplittableRandom random;

  private final int[] dayTotals;
  private final int[] hourTotals;
  private final int[] minuteCounts;
  private final int[] touched;
  private final int[] advertiserHours;
  private final int[] advertiserDays;
  private final int[] touchedAdvertisers;
  private final boolean[] advertiserTouched;
  private final int batchSize;
  private final List<BucketCount> batch;
  private final UserFill users;
  private long[] clickUsers = new long[0];
  private int[] clickAds = new int[0];
  private final Histogram minuteWriteNanos = new Histogram(3);
  private long rowsWritten;

  /**
   * @param users daily users the clicks are drawn from; 0 for clicks without user keys
   */
  DayFill(
      MetricsStore store, Population population, double zipf, long users, SplittableRandom random) {
    this.users = users > 0 ? new UserFill(population.ads(), population.advertisers(), users) : null;
    this.store = store;
    // The sink's batch size for this store: the same write pattern.
    this.batchSize = store.preferredBatchSize();
    this.batch = new ArrayList<>(batchSize);
    this.population = population;
    this.popularity = new ZipfAlias(population.ads(), zipf);
    this.random = random;
    this.dayTotals = new int[population.ads()];
    this.hourTotals = new int[population.ads()];
    this.minuteCounts = new int[population.ads()];
    this.touched = new int[population.ads()];
    this.advertiserHours = new int[population.advertisers()];
    this.advertiserDays = new int[population.advertisers()];
    this.touchedAdvertisers = new int[population.advertisers()];
    this.advertiserTouched = new boolean[population.advertisers()];
  }

  /**
   * Fills {@code minutes} minutes from {@code dayStart} with {@code clicksPerDay / 1440} clicks
   * each; reports each finished minute's index to {@code progress}.
   */
  void fill(long dayStart, int minutes, long clicksPerDay, LongConsumer progress) {
    for (int m = 0; m < minutes; m++) {
      if (m % 60 == 0) {
        Arrays.fill(hourTotals, 0);
        Arrays.fill(advertiserHours, 0);
        if (users != null) {
          users.startHour();
        }
      }
      long clicks = clicksPerDay * (m + 1) / 1440 - clicksPerDay * m / 1440;
      writeMinute(dayStart + m * Granularity.MINUTE.millis(), clicks);
      progress.accept(m);
    }
    flush();
  }

  private void writeMinute(long minuteStart, long clicks) {
    int distinct = 0;
    if (users != null && clickUsers.length < clicks) {
      clickUsers = new long[(int) clicks];
      clickAds = new int[(int) clicks];
    }
    for (int i = 0; i < clicks; i++) {
      int ad = popularity.sample(random);
      if (minuteCounts[ad]++ == 0) {
        touched[distinct++] = ad;
      }
      if (users != null) {
        clickAds[i] = ad;
        clickUsers[i] = users.draw(random);
      }
    }
    long[][] usersByAd = users == null ? null : usersByAd((int) clicks, distinct);
    long writeStart = System.nanoTime();
    int advertisers = 0;
    long hourStart = Granularity.HOUR.bucketStart(minuteStart);
    long dayStart = Granularity.DAY.bucketStart(minuteStart);
    for (int i = 0; i < distinct; i++) {
      int ad = touched[i];
      int n = minuteCounts[ad];
      minuteCounts[ad] = 0;
      hourTotals[ad] += n;
      dayTotals[ad] += n;
      int advertiser = population.advertiserIndexOf(ad);
      UserSketch[] sketches = {UserSketch.EMPTY, UserSketch.EMPTY};
      if (users != null) {
        sketches = users.addToAd(ad, usersByAd[i]);
        for (long user : usersByAd[i]) {
          users.addToAdvertiser(advertiser, user);
        }
      }
      add(Granularity.MINUTE, ad, minuteStart, n, UserSketch.EMPTY);
      add(Granularity.HOUR, ad, hourStart, hourTotals[ad], sketches[0]);
      add(Granularity.DAY, ad, dayStart, dayTotals[ad], sketches[1]);
      advertiserHours[advertiser] += n;
      advertiserDays[advertiser] += n;
      if (!advertiserTouched[advertiser]) {
        advertiserTouched[advertiser] = true;
        touchedAdvertisers[advertisers++] = advertiser;
      }
    }
    for (int i = 0; i < advertisers; i++) {
      int advertiser = touchedAdvertisers[i];
      advertiserTouched[advertiser] = false;
      addTotal(Granularity.HOUR, advertiser, hourStart, advertiserHours[advertiser]);
      addTotal(Granularity.DAY, advertiser, dayStart, advertiserDays[advertiser]);
    }
    flush();
    minuteWriteNanos.recordValue(System.nanoTime() - writeStart);
  }

  /** The minute's users grouped by the touched ads' order, so ad {@code touched[i]} has row i. */
  private long[][] usersByAd(int clicks, int distinct) {
    long[][] rows = new long[distinct][];
    for (int i = 0; i < distinct; i++) {
      rows[i] = new long[minuteCounts[touched[i]]];
      // The ad's count slot holds its row index meanwhile (negative), restored below.
      minuteCounts[touched[i]] = -(i + 1);
    }
    int[] filled = new int[distinct];
    for (int c = 0; c < clicks; c++) {
      int row = -minuteCounts[clickAds[c]] - 1;
      rows[row][filled[row]++] = clickUsers[c];
    }
    for (int i = 0; i < distinct; i++) {
      minuteCounts[touched[i]] = rows[i].length;
    }
    return rows;
  }

  private void add(Granularity g, int ad, long start, long clicks, UserSketch users) {
    append(
        new BucketCount(
            g, population.advertiserIdOf(ad), population.adIdOf(ad), start, clicks, 0, users));
  }

  private void addTotal(Granularity g, int advertiser, long start, long clicks) {
    UserSketch sketch = users == null ? UserSketch.EMPTY : users.advertiser(g, advertiser);
    append(
        new BucketCount(
            g,
            population.advertiserId(advertiser),
            BucketCount.ADVERTISER_TOTAL,
            start,
            clicks,
            0,
            sketch));
  }

  private void append(BucketCount count) {
    batch.add(count);
    if (batch.size() == batchSize) {
      flush();
    }
  }

  private void flush() {
    if (!batch.isEmpty()) {
      store.upsert(List.copyOf(batch));
      rowsWritten += batch.size();
      batch.clear();
    }
  }

  /** Each ad's clicks over the whole fill, by popularity rank. */
  int[] dayTotals() {
    return dayTotals;
  }

  long rowsWritten() {
    return rowsWritten;
  }

  /**
   * How long writing one minute's changed rows took: the sink's work for a minute of clicks at the
   * design point's average rate (~1,160 clicks/s), or for 7 s of clicks at 10k/s.
   */
  Histogram minuteWriteNanos() {
    return minuteWriteNanos;
  }
}
