package io.adclick.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gauge whose value is computed by {@link #poll()} on a schedule, not on each scrape: the scrape
 * reads the last value. NaN until the first poll succeeds, and again after a failed one, so a stale
 * number is never shown as current. State: one double.
 */
final class PolledGauge {
  private static final Logger LOG = LoggerFactory.getLogger(PolledGauge.class);

  private final String name;
  private final LongSupplier source;
  private volatile double value = Double.NaN;
  private volatile boolean failing;

  private PolledGauge(String name, LongSupplier source) {
    this.name = name;
    this.source = source;
  }

  static PolledGauge register(
      MeterRegistry registry,
      String name,
      String description,
      String unit,
      Tags tags,
      LongSupplier source) {
    PolledGauge gauge = new PolledGauge(name, source);
    Gauge.builder(name, gauge, PolledGauge::value)
        .description(description)
        .baseUnit(unit)
        .tags(tags)
        .strongReference(true)
        .register(registry);
    return gauge;
  }

  double value() {
    return value;
  }

  /** Computes the value now; never throws, since a scheduled task that throws is not run again. */
  void poll() {
    try {
      value = source.getAsLong();
      if (failing) {
        failing = false;
        LOG.info("metric {} is available again", name);
      }
    } catch (RuntimeException e) {
      value = Double.NaN;
      // Once per run of failures: a broker that is down would otherwise log every 10 s.
      if (!failing) {
        failing = true;
        LOG.warn("metric {} could not be computed: {}", name, e.toString());
      }
    }
  }
}
