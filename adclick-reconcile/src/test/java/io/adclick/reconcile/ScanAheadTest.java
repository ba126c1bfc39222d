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

    scan(store(ROWS, -1), row -> seen.add(row.adId()));

    assertThat(seen).hasSize(ROWS).isSorted();
    assertThat(seen.get(ROWS - 1)).isEqualTo(ROWS - 1);
  }

  @Test
  void aScanThatFailsFailsTheCallerAfterTheRowsBeforeIt() {
    List<Long> seen = new ArrayList<>();

    assertThatThrownBy(() -> scan(store(ROWS, 10_000), r -> seen.add(0L)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("disk gone");
    assertThat(seen).hasSizeLessThanOrEqualTo(10_000);
  }

  @Test
  void aScanThatDiesOfAnErrorFailsTheCallerRatherThanLeavingItWaiting() {
    assertThatThrownBy(() -> scan(store(ROWS, -2), r -> {}))
        .isInstanceOf(NoSuchMethodError.class)
        .hasMessage("an older store jar");
  }

  @Test
  void aCallerThatFailsStopsTheScanSoonAfter() {
    Consumer<BucketCount> failing =
        row -> {
          if (row.adId() == 5_000) {
            throw new IllegalArgumentException("comparison broke");
          }
        };

    assertThatThrownBy(() -> scan(store(ROWS * 10, -1), failing)).hasMessage("comparison broke");
    // close() returned only once the store's scan had stopped: it holds a batch or so more
    assertThat(emitted.get()).isLessThan(5_000 + (ScanAhead.BATCHES_AHEAD + 3) * ScanAhead.BATCH);
  }

  /** Iterates a scan of the store's minutes as the audit does, closing it however it ends. */
  private static void scan(MetricsStore store, Consumer<BucketCount> out) {
    try (ScanAhead rows = ScanAhead.start(store, Granularity.MINUTE, 0, 60_000)) {
      rows.forEachRemaining(out);
    }
  }

  /**
   * A store whose minute scan yields {@code rows} rows, ad ids 0.., failing at {@code failAt}, or
   * with an Error at once for -2.
   */
  private MetricsStore store(int rows, int failAt) {
    return (MetricsStore)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {MetricsStore.class},
            (proxy, method, args) -> {
              if (!method.getName().equals("scanBuckets") || args[0] != Granularity.MINUTE) {
                throw new UnsupportedOperationException(method.getName());
              }
              @SuppressWarnings("unchecked")
              Consumer<BucketCount> out = (Consumer<BucketCount>) args[3];
              if (failAt == -2) {
                throw new NoSuchMethodError("an older store jar");
              }
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
