package io.adclick.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.store.BucketCount;
import io.adclick.time.Granularity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TotalsAfterAdsTest {

  private static final long H = Granularity.HOUR.millis();

  @Test
  void movesEachAdvertisersTotalsBehindItsAdsKeepingEverythingElseInOrder() {
    List<BucketCount> inStoreOrder =
        List.of(
            hour(1, 0, 0),
            hour(1, 0, 1),
            hour(1, 10, 0),
            hour(1, 11, 1),
            hour(2, 0, 0), // totals alone, no ads
            hour(3, 30, 0), // ads alone, no totals
            hour(4, 0, 1),
            hour(4, 40, 1));

    assertThat(reordered(inStoreOrder))
        .containsExactly(
            hour(1, 10, 0),
            hour(1, 11, 1),
            hour(1, 0, 0),
            hour(1, 0, 1),
            hour(2, 0, 0),
            hour(3, 30, 0),
            hour(4, 40, 1),
            hour(4, 0, 1));
  }

  @Test
  void anEmptyScanStaysEmpty() {
    assertThat(reordered(List.of())).isEmpty();
  }

  private static List<BucketCount> reordered(List<BucketCount> rows) {
    List<BucketCount> out = new ArrayList<>();
    new TotalsAfterAds(rows.iterator()).forEachRemaining(out::add);
    return out;
  }

  private static BucketCount hour(long advertiser, long ad, int hour) {
    return new BucketCount(Granularity.HOUR, advertiser, ad, hour * H, 1, 0);
  }
}
