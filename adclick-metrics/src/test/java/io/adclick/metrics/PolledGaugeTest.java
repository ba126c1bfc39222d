package io.adclick.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A polled gauge shows what its last poll computed, and "unknown" rather than a stale number. */
class PolledGaugeTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicLong source = new AtomicLong(42);
  private volatile boolean failing;

  private final PolledGauge gauge =
      PolledGauge.register(
          registry,
          "test.size",
          "a size",
          "bytes",
          Tags.empty(),
          () -> {
            if (failing) {
              throw new IllegalStateException("source down");
            }
            return source.get();
          });

  @Test
  void isUnknownUntilTheFirstPollThenHoldsItsValueBetweenPolls() {
    assertThat(gauge()).isNaN();

    gauge.poll();
    source.set(43);

    assertThat(gauge()).as("a scrape does not recompute").isEqualTo(42);
    gauge.poll();
    assertThat(gauge()).isEqualTo(43);
  }

  @Test
  void aFailedPollShowsUnknownAndTheNextGoodOneRecovers() {
    gauge.poll();
    failing = true;

    gauge.poll();
    assertThat(gauge()).isNaN();

    failing = false;
    gauge.poll();
    assertThat(gauge()).isEqualTo(42);
  }

  private double gauge() {
    return registry.get("test.size").gauge().value();
  }
}
