package io.adclick.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adclick.store.BucketCount;
import io.adclick.store.MetricsStore;
import io.adclick.time.Granularity;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ScanAheadTest {

  private static final int ROWS = 100_000; // many more than the batches ahead hold

  private final AtomicLong emitted = new AtomicLong();

  @Test
  void handsOnEveryRowInTheStoresOrder() {
    List<Long> seen = new ArrayList<>();

    ScanAhead.scan(store(ROWS, -1), 0, 60_000, row -> seen.add(row.adId()));

    assertThat(seen).hasSize(ROWS).isSorted();
    assertThat(seen.get(ROWS - 1)).isEqualTo(ROWS - 1);
  }

  @Test
  void aScanThatFailsFailsTheCallerAfterTheRowsBeforeIt() {
    List<Long> seen = new ArrayList<>();

    assertThatThrownBy(() -> ScanAhead.scan(store(ROWS, 10_000), 0, 60_000, r -> seen.add(0L)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("disk gone");
    assertThat(seen).hasSizeLessThanOrEqualTo(10_000);
  }

  @Test
  void aCallerThatFailsStopsTheScanSoonAfter() {
    Consumer<BucketCount> failing =
        row -> {
          if (row.adId() == 5_000) {
            throw new IllegalArgumentException("comparison broke");
          }
        };

    assertThatThrownBy(() -> ScanAhead.scan(store(ROWS * 10, -1), 0, 60_000, failing))
        .hasMessage("comparison broke");
    // scan() returned only once the store's scan had stopped: it holds a batch or so more
    assertThat(emitted.get()).isLessThan(5_000 + (ScanAhead.BATCHES_AHEAD + 3) * ScanAhead.BATCH);
  }

  /** A store whose minute scan yields {@code rows} rows, ad ids 0.., failing at {@code failAt}. */
  private MetricsStore store(int rows, int failAt) {
    return (MetricsStore)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {MetricsStore.class},
            (proxy, method, args) -> {
              if (!method.getName().equals("scanAdMinutes")) {
                throw new UnsupportedOperationException(method.getName());
              }
              @SuppressWarnings("unchecked")
              Consumer<BucketCount> out = (Consumer<BucketCount>) args[2];
              for (int i = 0; i < rows; i++) {
                if (i == failAt) {
                  throw new IllegalStateException("disk gone");
                }
                emitted.incrementAndGet();
                out.accept(new BucketCount(Granularity.MINUTE, 1, i, 0, 1, 0));
              }
              return null;
            });
  }
}
