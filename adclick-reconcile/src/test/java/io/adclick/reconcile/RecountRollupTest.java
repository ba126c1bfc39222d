package io.adclick.reconcile;

import static io.adclick.time.Granularity.DAY;
import static io.adclick.time.Granularity.HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.store.BucketCount;
import io.adclick.time.Granularity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecountRollupTest {

  private static final long M = Granularity.MINUTE.millis();
  private static final long H = HOUR.millis();

  private final List<BucketCount> out = new ArrayList<>();

  @Test
  void sumsEachAdsHoursThenItsAdvertisersInWalkOrder() {
    RecountRollup rollup = new RecountRollup(HOUR, 0, 3 * H, out::add);

    rollup.minute(minute(1, 10, 0, 2));
    rollup.minute(minute(1, 10, 59, 3));
    rollup.minute(minute(1, 10, 60, 1));
    rollup.minute(minute(1, 11, 0, 4));
    rollup.minute(minute(2, 20, 125, 7));
    rollup.finish();

    assertThat(out)
        .containsExactly(
            bucket(HOUR, 1, 10, 0, 5),
            bucket(HOUR, 1, 10, H, 1),
            bucket(HOUR, 1, 11, 0, 4),
            bucket(HOUR, 1, 0, 0, 9),
            bucket(HOUR, 1, 0, H, 1),
            bucket(HOUR, 2, 20, 2 * H, 7),
            bucket(HOUR, 2, 0, 2 * H, 7));
    assertThat(out).isSortedAccordingTo(BucketWalk::order);
  }

  @Test
  void leavesOutTheBucketsTheRangeCuts() {
    RecountRollup rollup = new RecountRollup(HOUR, 30 * M, 3 * H + 30 * M, out::add);

    rollup.minute(minute(1, 10, 40, 1)); // hour 0: cut at its start
    rollup.minute(minute(1, 10, 61, 2));
    rollup.minute(minute(1, 10, 150, 3));
    rollup.minute(minute(1, 10, 200, 4)); // hour 3: cut at its end
    rollup.finish();

    assertThat(out)
        .containsExactly(
            bucket(HOUR, 1, 10, H, 2),
            bucket(HOUR, 1, 10, 2 * H, 3),
            bucket(HOUR, 1, 0, H, 2),
            bucket(HOUR, 1, 0, 2 * H, 3));
  }

  @Test
  void aRangeShorterThanABucketRollsUpNothing() {
    RecountRollup rollup = new RecountRollup(DAY, 0, 23 * H, out::add);

    rollup.minute(minute(1, 10, 0, 1));
    rollup.finish();

    assertThat(out).isEmpty();
  }

  private static RecountedMinute minute(long advertiser, long ad, int minute, long clicks) {
    return new RecountedMinute(advertiser, ad, minute * M, clicks);
  }

  private static BucketCount bucket(
      Granularity g, long advertiser, long ad, long start, long clicks) {
    return new BucketCount(g, advertiser, ad, start, clicks, 0);
  }
}
