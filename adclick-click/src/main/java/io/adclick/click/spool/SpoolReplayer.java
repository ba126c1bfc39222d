package io.adclick.click.spool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends spooled clicks back to the event log, oldest segment first and in order within it, and
 * deletes a segment once every one of its clicks is acknowledged. A segment that fails part-way is
 * sent again whole after a pause: the log may then hold a click twice, which the stream job's dedup
 * by impression absorbs.
 */
public final class SpoolReplayer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SpoolReplayer.class);

  /**
   * How long a whole segment may take to be acknowledged before it is retried: above the Kafka
   * producer's delivery timeout, within which every send completes or fails.
   */
  public static final Duration SEGMENT_DEADLINE = Duration.ofSeconds(60);

  private final ClickSpool spool;
  private final Function<byte[], CompletableFuture<Void>> log;
  private final Runnable onDrained;
  private final Duration idlePause;
  private final Duration retryPause;
  private final Duration segmentDeadline;
  private final Thread thread;
  private volatile boolean stopped;
  // Whether the last segment sent was acknowledged; only the replay thread touches it.
  private boolean logAcknowledges;

  /**
   * @param log sends one encoded click to the event log; completes when acknowledged
   * @param onDrained called whenever the spool was found empty, so clicks may go straight to the
   *     log again
   */
  public SpoolReplayer(
      ClickSpool spool,
      Function<byte[], CompletableFuture<Void>> log,
      Runnable onDrained,
      Duration idlePause,
      Duration retryPause,
      Duration segmentDeadline) {
    this.spool = spool;
    this.log = log;
    this.onDrained = onDrained;
    this.idlePause = idlePause;
    this.retryPause = retryPause;
    this.segmentDeadline = segmentDeadline;
    this.thread = new Thread(this::run, "click-spool-replay");
    thread.setDaemon(true);
  }

  public SpoolReplayer start() {
    thread.start();
    return this;
  }

  private void run() {
    while (!stopped) {
      try {
        if (!replayOnce()) {
          Thread.sleep(idlePause.toMillis());
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        LOG.warn("replaying the click spool failed, will retry: {}", e.toString());
        pauseQuietly(retryPause);
      }
    }
  }

  /**
   * One step: replays the oldest closed segment; or, once every closed segment is replayed, reports
   * the spool drained (if the log took the last segment) and closes the open one, to replay it
   * next.
   *
   * <p>Drained is reported before the open segment's clicks are replayed, not after: under steady
   * traffic the open segment is never empty, so waiting for an empty spool would keep every click
   * going through the disk long after the log recovered. The price is order across the switch: a
   * click sent straight to the log just after it may reach the log before the open segment's
   * clicks, by at most one replay (about the log's acknowledgement time). Counts are not affected;
   * only a repeat of one impression within that window could be counted instead of its first.
   *
   * @return true when it did work and should go on at once
   */
  boolean replayOnce() throws Exception {
    List<Path> closed = spool.closedSegments();
    if (closed.isEmpty()) {
      if (!spool.hasUnclosedRecords()) {
        onDrained.run();
        return false;
      }
      // Only once the log took a segment: at the start of an outage nothing is replayed yet, and
      // sending clicks straight to a log that is down would cost each its ack timeout again.
      if (logAcknowledges) {
        onDrained.run();
      }
      spool.rollIfNotEmpty();
      return true;
    }
    Path segment = closed.get(0);
    logAcknowledges = send(spool.read(segment));
    if (logAcknowledges) {
      spool.delete(segment);
      LOG.info("replayed and deleted click spool segment {}", segment.getFileName());
      return true;
    }
    pauseQuietly(retryPause);
    return false;
  }

  private boolean send(List<byte[]> records) throws InterruptedException {
    List<CompletableFuture<Void>> acks = new ArrayList<>(records.size());
    for (byte[] record : records) {
      acks.add(log.apply(record));
    }
    try {
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
          .get(segmentDeadline.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.warn("the event log did not take the spooled clicks yet: {}", e.toString());
      return false;
    }
  }

  private void pauseQuietly(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
    }
  }

  /** Stops after the current step; what is not replayed stays on disk for the next start. */
  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
