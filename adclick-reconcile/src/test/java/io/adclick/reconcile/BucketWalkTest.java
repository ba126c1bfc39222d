package io.adclick.reconcile;

import static io.adclick.time.Granularity.HOUR;
import static io.adclick.time.Granularity.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adclick.store.BucketCount;
import io.adclick.time.Granularity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BucketWalkTest {

  private static final long M = 60_000;

  private final List<BucketDifference> differences = new ArrayList<>();

  @Test
  void reportsChangedMissingAndExtraBucketsAndNothingThatAgrees() {
    BucketWalk walk =
        walk(
            List.of(
                minute(1, 10, 0, 3), // agrees
                minute(1, 10, 1, 2), // stored 5
                minute(1, 11, 0, 4), // missing from the store
                minute(2, 20, 5, 1)), // after the store's last
            minute(1, 10, 0, 3),
            minute(1, 10, 1, 5),
            minute(1, 12, 0, 7)); // not in the lake

    assertThat(differences)
        .containsExactly(
            new BucketDifference(MINUTE, 1, 10, M, 5, 2),
            new BucketDifference(MINUTE, 1, 11, 0, 0, 4),
            new BucketDifference(MINUTE, 1, 12, 0, 7, 0),
            new BucketDifference(MINUTE, 2, 20, 5 * M, 0, 1));
    assertThat(walk.result()).isEqualTo(new Comparison(5, 4, 5, 10));
    assertThat(differences.get(0).delta()).isEqualTo(-3);
  }

  @Test
  void anEmptySideMakesEveryRowOfTheOtherADifference() {
    walk(List.of(), minute(1, 10, 0, 3));
    walk(List.of(minute(1, 10, 0, 2)));

    assertThat(differences)
        .containsExactly(
            new BucketDifference(MINUTE, 1, 10, 0, 3, 0),
            new BucketDifference(MINUTE, 1, 10, 0, 0, 2));
  }

  @Test
  void advertiserTotalsComeAfterTheAdvertisersAdsOnBothSides() {
    walk(
        List.of(hour(1, 10, 4), hour(1, 11, 1), hour(1, 0, 5), hour(2, 20, 1), hour(2, 0, 1)),
        hour(1, 10, 4),
        hour(1, 11, 1),
        hour(1, 0, 6),
        hour(2, 20, 1),
        hour(2, 0, 1));

    assertThat(differences).containsExactly(new BucketDifference(HOUR, 1, 0, 0, 6, 5));
  }

  @Test
  void refusesEitherSideOutOfOrder() {
    BucketWalk storeOutOfOrder =
        new BucketWalk(List.of(minute(1, 10, 1, 1), minute(1, 10, 0, 1)).iterator(), d -> {});
    storeOutOfOrder.recounted(minute(1, 10, 1, 1));
    BucketWalk recountOutOfOrder = new BucketWalk(List.<BucketCount>of().iterator(), d -> {});
    recountOutOfOrder.recounted(hour(1, 0, 1));

    assertThatThrownBy(storeOutOfOrder::finish)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the store's buckets came out of order");
    assertThatThrownBy(() -> recountOutOfOrder.recounted(hour(1, 10, 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the recount's buckets came out of order");
  }

  private BucketWalk walk(List<BucketCount> recount, BucketCount... stored) {
    BucketWalk walk = new BucketWalk(List.of(stored).iterator(), differences::add);
    recount.forEach(walk::recounted);
    walk.finish();
    return walk;
  }

  private static BucketCount minute(long advertiser, long ad, int minute, long clicks) {
    return new BucketCount(Granularity.MINUTE, advertiser, ad, minute * M, clicks, 0);
  }

  private static BucketCount hour(long advertiser, long ad, long clicks) {
    return new BucketCount(Granularity.HOUR, advertiser, ad, 0, clicks, 0);
  }
}
