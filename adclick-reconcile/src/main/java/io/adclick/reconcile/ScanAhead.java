package io.adclick.reconcile;

import io.adclick.store.BucketCount;
import io.adclick.store.MetricsStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads the store's minutes of a range on a thread of its own, a bounded number of batches ahead of
 * the caller, who hands them on: the store's scan then overlaps the recount's rows streaming in and
 * their comparison (a design-point day: 47M rows each side, some 15 s of scan) instead of taking
 * turns with them on one core.
 *
 * <p>Bound: {@value #BATCHES_AHEAD} batches of {@value #BATCH} rows (about 6 MB).
 */
final class ScanAhead {

  static final int BATCH = 4096;
  static final int BATCHES_AHEAD = 16;

  private static final List<BucketCount> END = List.of();

  private ScanAhead() {}

  /** Hands every minute row of {@code [from, to)} to {@code out}, in the store's order. */
  static void scan(MetricsStore store, long from, long to, Consumer<BucketCount> out) {
    BlockingQueue<List<BucketCount>> batches = new ArrayBlockingQueue<>(BATCHES_AHEAD);
    Producer producer = new Producer(store, from, to, batches);
    Thread thread = DaemonThread.named("adclick-store-scan").newThread(producer);
    thread.start();
    try {
      for (List<BucketCount> batch = take(batches); batch != END; batch = take(batches)) {
        batch.forEach(out);
      }
      producer.rethrow();
    } finally {
      producer.cancelled = true;
      batches.clear(); // a producer blocked on a full queue gets room to notice
      join(thread);
    }
  }

  private static final class Producer implements Runnable {
    private final MetricsStore store;
    private final long from;
    private final long to;
    private final BlockingQueue<List<BucketCount>> batches;
    private volatile boolean cancelled;
    private volatile RuntimeException failure;
    private List<BucketCount> batch = new ArrayList<>(BATCH);

    Producer(MetricsStore store, long from, long to, BlockingQueue<List<BucketCount>> batches) {
      this.store = store;
      this.from = from;
      this.to = to;
      this.batches = batches;
    }

    @Override
    public void run() {
      try {
        store.scanAdMinutes(from, to, this::add);
        if (!batch.isEmpty()) {
          put(batch);
        }
      } catch (CancellationException e) {
        return; // the caller gave up; nobody waits for the end
      } catch (RuntimeException e) {
        failure = e;
      }
      try {
        put(END);
      } catch (CancellationException e) {
        // the caller gave up meanwhile
      }
    }

    private void add(BucketCount row) {
      batch.add(row);
      if (batch.size() == BATCH) {
        put(batch);
        batch = new ArrayList<>(BATCH);
      }
    }

    /** Waits for room, giving up (and unwinding the store's scan) once the caller has. */
    private void put(List<BucketCount> rows) {
      try {
        if (cancelled) {
          throw new CancellationException();
        }
        while (!batches.offer(rows, 100, TimeUnit.MILLISECONDS)) {
          if (cancelled) {
            throw new CancellationException();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException();
      }
    }

    void rethrow() {
      if (failure != null) {
        throw failure;
      }
    }
  }

  private static List<BucketCount> take(BlockingQueue<List<BucketCount>> batches) {
    try {
      return batches.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the store", e);
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
