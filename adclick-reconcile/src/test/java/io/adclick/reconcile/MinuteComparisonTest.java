package io.adclick.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adclick.store.BucketCount;
import io.adclick.time.Granularity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MinuteComparisonTest {

  private static final long M = 60_000;

  private final List<MinuteDifference> differences = new ArrayList<>();

  @Test
  void reportsChangedMissingAndExtraMinutesAndNothingThatAgrees() {
    MinuteComparison comparison =
        compare(
            List.of(
                recounted(1, 10, 0, 3), // agrees
                recounted(1, 10, 1, 2), // stored 5
                recounted(1, 11, 0, 4), // missing from the store
                recounted(2, 20, 5, 1)), // after the store's last
            stored(1, 10, 0, 3),
            stored(1, 10, 1, 5),
            stored(1, 12, 0, 7)); // not in the lake

    assertThat(differences)
        .containsExactly(
            new MinuteDifference(1, 10, M, 5, 2),
            new MinuteDifference(1, 11, 0, 0, 4),
            new MinuteDifference(1, 12, 0, 7, 0),
            new MinuteDifference(2, 20, 5 * M, 0, 1));
    assertThat(comparison.checked()).isEqualTo(5);
    assertThat(comparison.differing()).isEqualTo(4);
    assertThat(differences.get(0).delta()).isEqualTo(-3);
  }

  @Test
  void anEmptySideMakesEveryRowOfTheOtherADifference() {
    compare(List.of(), stored(1, 10, 0, 3));
    compare(List.of(recounted(1, 10, 0, 2)));

    assertThat(differences)
        .containsExactly(
            new MinuteDifference(1, 10, 0, 3, 0), new MinuteDifference(1, 10, 0, 0, 2));
  }

  @Test
  void refusesStoredMinutesOutOfOrder() {
    MinuteComparison comparison =
        new MinuteComparison(List.<RecountedMinute>of().iterator(), d -> {});
    comparison.accept(stored(1, 10, 1, 1));

    assertThatThrownBy(() -> comparison.accept(stored(1, 10, 0, 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("out of order");
  }

  private MinuteComparison compare(List<RecountedMinute> recount, BucketCount... stored) {
    MinuteComparison comparison = new MinuteComparison(recount.iterator(), differences::add);
    for (BucketCount s : stored) {
      comparison.accept(s);
    }
    comparison.finish();
    return comparison;
  }

  private static RecountedMinute recounted(long advertiser, long ad, int minute, long clicks) {
    return new RecountedMinute(advertiser, ad, minute * M, clicks);
  }

  private static BucketCount stored(long advertiser, long ad, int minute, long clicks) {
    return new BucketCount(Granularity.MINUTE, advertiser, ad, minute * M, clicks, 0);
  }
}
