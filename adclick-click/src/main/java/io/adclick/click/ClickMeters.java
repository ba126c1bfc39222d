package io.adclick.click;

import io.adclick.event.ClickKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The click path's meters, all made up front so a click only increments (no tag lookup or
 * allocation on the event loop).
 *
 * <p>{@code adclick_clicks_total{outcome}}: one outcome per answer the handler gives. A redirected
 * click is counted under its {@link ClickKind} ({@code candidate}: it may count, the job decides
 * whether it is its impression's first; {@code expired}, {@code head}, {@code prefetch}, {@code
 * preview}, {@code paused}); the others are {@code rejected} (400, a forged or malformed token),
 * {@code unknown_ad} (404), {@code unrecorded} (503: neither Kafka nor the spool took it) and
 * {@code failed} (500). Ten series whatever the traffic: no ad, advertiser or token in a tag.
 *
 * <p>{@code adclick_click_redirect_seconds}: from the request reaching the handler to the 302
 * written, Kafka's ack (or the spool's fsync) included; buckets from 0.5 ms to 1 s.
 */
final class ClickMeters {
  /** Sub-millisecond when Kafka acks fast, tens of ms under load, the ack timeout when spooling. */
  static final Duration[] REDIRECT_BUCKETS =
      Stream.of(0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 150, 250, 500, 1000)
          .map(ms -> Duration.ofNanos((long) (ms.doubleValue() * 1_000_000)))
          .toArray(Duration[]::new);

  private final Map<ClickKind, Counter> redirected = new EnumMap<>(ClickKind.class);
  private final Counter rejected;
  private final Counter unknownAd;
  private final Counter unrecorded;
  private final Counter failed;
  private final Timer redirect;

  ClickMeters(MeterRegistry registry) {
    for (ClickKind kind : ClickKind.values()) {
      redirected.put(kind, outcome(registry, kind.name().toLowerCase(Locale.ROOT)));
    }
    rejected = outcome(registry, "rejected");
    unknownAd = outcome(registry, "unknown_ad");
    unrecorded = outcome(registry, "unrecorded");
    failed = outcome(registry, "failed");
    redirect =
        Timer.builder("adclick.click.redirect")
            .description("From a click reaching the handler to its 302, the log's ack included")
            .serviceLevelObjectives(REDIRECT_BUCKETS)
            .register(registry);
  }

  private static Counter outcome(MeterRegistry registry, String outcome) {
    return Counter.builder("adclick.clicks")
        .description("Click requests by how they were answered")
        .tag("outcome", outcome)
        .register(registry);
  }

  void redirected(ClickKind kind, long startNanos) {
    redirected.get(kind).increment();
    redirect.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }

  void rejected() {
    rejected.increment();
  }

  void unknownAd() {
    unknownAd.increment();
  }

  void unrecorded() {
    unrecorded.increment();
  }

  void failed() {
    failed.increment();
  }
}
