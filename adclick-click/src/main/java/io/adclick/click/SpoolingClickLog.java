package io.adclick.click;

import io.adclick.click.spool.ClickSpool;
import io.adclick.click.spool.SpoolReplayer;
import io.adclick.event.ClickEvent;
import io.adclick.event.ClickEventCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A click log that never strands a user while it has disk: a click the event log does not
 * acknowledge within the ack timeout is appended to the local spool instead, and counts as recorded
 * once fsynced there. From then on clicks go to the spool, in order, until the replayer has handed
 * every spooled click to the event log; then they go straight to the log again.
 *
 * <p>A click that timed out may still reach the log later, and also be replayed from the spool: the
 * log can hold it twice, and the stream job's dedup by impression counts it once. Spooled clicks
 * keep their original click time and impression id.
 */
public final class SpoolingClickLog implements ClickLog {
  private static final Logger LOG = LoggerFactory.getLogger(SpoolingClickLog.class);

  private final ClickLog log;
  private final ClickSpool spool;
  private final SpoolReplayer replayer;
  private final long ackTimeoutMillis;
  private final AtomicBoolean spooling = new AtomicBoolean();
  private final Counter spooled;
  private final Counter refused;

  /**
   * @param log the event log clicks normally go to
   * @param ackTimeout how long a user may wait on the log before the click is spooled instead
   */
  public SpoolingClickLog(ClickLog log, ClickSpool spool, Duration ackTimeout) {
    // An empty composite registry: its meters record nothing.
    this(log, spool, ackTimeout, new CompositeMeterRegistry());
  }

  /**
   * @param meters gets the spool's gauges ({@code adclick_spool_bytes}, {@code
   *     adclick_spool_active}) and {@code adclick_spool_clicks_total{result=spooled|refused}}
   */
  public SpoolingClickLog(
      ClickLog log, ClickSpool spool, Duration ackTimeout, MeterRegistry meters) {
    this(
        log,
        spool,
        ackTimeout,
        Duration.ofMillis(200),
        Duration.ofSeconds(1),
        SpoolReplayer.SEGMENT_DEADLINE,
        meters);
  }

  SpoolingClickLog(
      ClickLog log,
      ClickSpool spool,
      Duration ackTimeout,
      Duration idlePause,
      Duration retry,
      Duration segmentDeadline,
      MeterRegistry meters) {
    this.log = log;
    this.spool = spool;
    this.ackTimeoutMillis = ackTimeout.toMillis();
    // The spool's depth in bytes: its budget (--spool-max-mb) is in bytes too.
    Gauge.builder("adclick.spool", spool, ClickSpool::diskBytes)
        .description("Bytes the click spool holds on disk, not yet replayed and deleted")
        .baseUnit("bytes")
        .strongReference(true)
        .register(meters);
    Gauge.builder("adclick.spool.active", spooling, s -> s.get() ? 1 : 0)
        .description("1 while clicks go to the spool instead of straight to Kafka")
        .strongReference(true)
        .register(meters);
    this.spooled = spoolResult(meters, "spooled");
    this.refused = spoolResult(meters, "refused");
    // Clicks left from an earlier run go first, so order is kept across restarts too.
    spooling.set(!spool.closedSegments().isEmpty());
    this.replayer =
        new SpoolReplayer(spool, this::replay, this::drained, idlePause, retry, segmentDeadline)
            .start();
  }

  @Override
  public CompletionStage<Void> append(ClickEvent click) {
    if (spooling.get()) {
      return spool(click);
    }
    CompletableFuture<Void> direct =
        log.append(click).toCompletableFuture().orTimeout(ackTimeoutMillis, TimeUnit.MILLISECONDS);
    return direct
        .handle((ok, error) -> error)
        .thenCompose(error -> error == null ? direct : fallBack(click, error));
  }

  /** Whether clicks currently go to the spool rather than straight to the log. */
  public boolean isSpooling() {
    return spooling.get();
  }

  public long spoolBytes() {
    return spool.diskBytes();
  }

  private CompletableFuture<Void> fallBack(ClickEvent click, Throwable error) {
    if (spooling.compareAndSet(false, true)) {
      LOG.warn(
          "the event log did not acknowledge in {} ms ({}); spooling clicks to disk",
          ackTimeoutMillis,
          error.toString());
    }
    return spool(click);
  }

  private CompletableFuture<Void> spool(ClickEvent click) {
    // Counted before the future completes, so whoever sees the outcome sees it counted.
    return spool
        .append(ClickEventCodec.encode(click))
        .whenComplete((ok, error) -> (error == null ? spooled : refused).increment());
  }

  private static Counter spoolResult(MeterRegistry meters, String result) {
    return Counter.builder("adclick.spool.clicks")
        .description("Clicks handed to the spool: fsynced (spooled) or refused (full, failed)")
        .tag("result", result)
        .register(meters);
  }

  private CompletableFuture<Void> replay(byte[] encoded) {
    return log.append(ClickEventCodec.decode(encoded)).toCompletableFuture();
  }

  private void drained() {
    if (spooling.compareAndSet(true, false)) {
      LOG.info("the click spool is drained; clicks go straight to the event log again");
    }
  }

  /**
   * Stops replaying, writes out and fsyncs every click still queued for the spool, then closes the
   * log (which flushes its own pending sends). Spooled clicks are replayed at the next start.
   */
  @Override
  public void close() {
    replayer.close();
    spool.close();
    log.close();
  }
}
