package io.adclick.store;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a store's retention when run; the server runs it on a schedule. A failure is logged and
 * retried at the next run: old data staying a little longer harms nothing.
 */
public final class RetentionTask implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionTask.class);

  private final MetricsStore store;
  private final Retention retention;
  private final Clock clock;

  public RetentionTask(MetricsStore store, Retention retention, Clock clock) {
    this.store = store;
    this.retention = retention;
    this.clock = clock;
  }

  @Override
  public void run() {
    try {
      int dropped = store.applyRetention(retention, clock.millis());
      if (dropped > 0) {
        LOG.info("retention removed {} partitions of the metrics store ({})", dropped, retention);
      }
    } catch (RuntimeException e) {
      LOG.warn("applying the metrics store's retention failed; retrying at the next run", e);
    }
  }
}
