package io.adclick.reconcile;

import io.adclick.store.BucketCount;
import io.adclick.store.MetricsStore;
import io.adclick.time.Granularity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * Reads the store's buckets of a range on a thread of its own, a bounded number of batches ahead of
 * the caller, who iterates them: the store's scan then overlaps the recount's rows streaming in and
 * their comparison (a design-point day: 47M minute rows each side, some 15 s of scan) instead of
 * taking turns with them on one core. Close it to stop the scan early.
 *
 * <p>Bound: {@value #BATCHES_AHEAD} batches of {@value #BATCH} rows (about 6 MB).
 */
final class ScanAhead implements Iterator<BucketCount>, AutoCloseable {

  static final int BATCH = 4096;
  static final int BATCHES_AHEAD = 16;

  private static final List<BucketCount> END = List.of();

  private final BlockingQueue<List<BucketCount>> batches = new ArrayBlockingQueue<>(BATCHES_AHEAD);
  private final Producer producer;
  private final Thread thread;
  private Iterator<BucketCount> batch = Collections.emptyIterator();
  private boolean ended;

  private ScanAhead(MetricsStore store, Granularity granularity, long from, long to) {
    producer = new Producer(store, granularity, from, to, batches);
    thread = DaemonThread.named("adclick-store-scan").newThread(producer);
  }

  /** Starts reading the store's buckets of {@code [from, to)}, in the store's order. */
  static ScanAhead start(MetricsStore store, Granularity granularity, long from, long to) {
    ScanAhead scan = new ScanAhead(store, granularity, from, to);
    scan.thread.start();
    return scan;
  }

  @Override
  public boolean hasNext() {
    while (!batch.hasNext() && !ended) {
      List<BucketCount> next = take(batches);
      if (next == END) {
        ended = true;
        producer.rethrow();
      }
      batch = next.iterator();
    }
    return batch.hasNext();
  }

  @Override
  public BucketCount next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return batch.next();
  }

  /** Stops the store's scan, if still going, and waits for it to unwind. */
  @Override
  public void close() {
    producer.cancelled = true;
    batches.clear(); // a producer blocked on a full queue gets room to notice
    join(thread);
  }

  private static final class Producer implements Runnable {
    private final MetricsStore store;
    private final Granularity granularity;
    private final long from;
    private final long to;
    private final BlockingQueue<List<BucketCount>> batches;
    private volatile boolean cancelled;
    private volatile Throwable failure;
    private List<BucketCount> batch = new ArrayList<>(BATCH);

    Producer(
        MetricsStore store,
        Granularity granularity,
        long from,
        long to,
        BlockingQueue<List<BucketCount>> batches) {
      this.store = store;
      this.granularity = granularity;
      this.from = from;
      this.to = to;
      this.batches = batches;
    }

    @Override
    public void run() {
      try {
        store.scanBuckets(granularity, from, to, this::add);
        if (!batch.isEmpty()) {
          put(batch);
        }
      } catch (CancellationException e) {
        return; // the caller gave up; nobody waits for the end
      } catch (RuntimeException | Error e) {
        // An Error too (a jar mismatch, say): the caller must hear of it, not wait forever.
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
      if (failure instanceof Error e) {
        throw e;
      }
      if (failure != null) {
        throw (RuntimeException) failure;
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
