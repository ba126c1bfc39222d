package io.adclick.click.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable local queue of encoded clicks, for when the event log cannot take them in time. One
 * writer thread appends whatever has queued up and fsyncs once for the lot (group commit), then
 * completes every waiting append: an append's future completes only once its click is on disk.
 *
 * <p>Records go to the open segment; {@link #closedSegments()} are the ones a replayer may read and
 * delete. The open segment is closed when it grows past {@link #SEGMENT_BYTES} or when a replayer
 * asks for it ({@link #rollIfNotEmpty()}). Segments left by an earlier process are closed ones.
 */
public final class ClickSpool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClickSpool.class);

  /** Large enough that rolling is rare under load, small enough to replay and delete in pieces. */
  static final long SEGMENT_BYTES = 16L * 1024 * 1024;

  /** Clicks fsynced together at most; bounds one write and the wait of the first in the group. */
  private static final int MAX_GROUP = 4096;

  /** A click event is under 200 bytes; anything near this is not one. */
  static final int MAX_PAYLOAD_BYTES = 512;

  private record Pending(byte[] payload, CompletableFuture<Void> written) {}

  /** Queued by close: the writer writes what came before it, then stops. */
  private static final Object STOP = new Object();

  private final Path dir;
  private final long maxBytes;
  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final AtomicLong diskBytes = new AtomicLong();
  private final AtomicLong openRecords = new AtomicLong();
  private final Thread writer;
  private final Object rollRequest = new Object();
  private final ByteBuffer buffer =
      ByteBuffer.allocate(MAX_GROUP * (SpoolSegment.HEADER_BYTES + MAX_PAYLOAD_BYTES));
  private volatile boolean closing;
  private long nextSequence;
  private volatile Path openPath;
  private FileChannel open;
  private long openBytes;

  private ClickSpool(Path dir, long maxBytes) throws IOException {
    this.dir = dir;
    this.maxBytes = maxBytes;
    Files.createDirectories(dir);
    long highest = 0;
    for (Path segment : segments()) {
      highest = Math.max(highest, SpoolSegment.sequenceOf(segment));
      diskBytes.addAndGet(Files.size(segment));
    }
    nextSequence = highest + 1;
    openNewSegment();
    writer = new Thread(this::writeLoop, "click-spool-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Opens (creating if needed) the spool in this directory.
   *
   * @param maxBytes disk the spool may use; appends beyond it fail rather than fill the disk
   */
  public static ClickSpool open(Path dir, long maxBytes) {
    try {
      return new ClickSpool(dir, maxBytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the click spool in " + dir, e);
    }
  }

  /** Completes once the payload is durably on disk; fails when the spool is full or closed. */
  public CompletableFuture<Void> append(byte[] payload) {
    CompletableFuture<Void> written = new CompletableFuture<>();
    if (closing) {
      written.completeExceptionally(new IllegalStateException("the click spool is closed"));
    } else if (payload.length > MAX_PAYLOAD_BYTES) {
      written.completeExceptionally(new IllegalArgumentException("payload too large to spool"));
    } else if (diskBytes.get() + SpoolSegment.framedSize(payload) > maxBytes) {
      written.completeExceptionally(
          new IllegalStateException("the click spool is full (" + maxBytes + " bytes)"));
    } else {
      queue.add(new Pending(payload, written));
    }
    return written;
  }

  /** Segments complete and no longer written to, oldest first. */
  public List<Path> closedSegments() {
    Path current = openPath;
    return segments().stream().filter(p -> !p.equals(current)).toList();
  }

  /** Whether clicks wait in the open segment or the write queue. */
  public boolean hasUnclosedRecords() {
    return openRecords.get() > 0 || !queue.isEmpty();
  }

  /** Asks the writer to close the open segment if it holds records, and waits until it has. */
  public void rollIfNotEmpty() throws InterruptedException {
    if (openRecords.get() == 0) {
      return;
    }
    CompletableFuture<Void> rolled = new CompletableFuture<>();
    queue.add(rolled);
    try {
      rolled.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.warn("the click spool did not roll its segment: {}", e.toString());
    }
  }

  /** Reads every intact record of a closed segment, in order. */
  public List<byte[]> read(Path segment) throws IOException {
    return SpoolSegment.read(segment);
  }

  /** Deletes a closed segment whose records have all been delivered. */
  public void delete(Path segment) throws IOException {
    long size = Files.size(segment);
    Files.delete(segment);
    diskBytes.addAndGet(-size);
  }

  /** Bytes the spool holds on disk, delivered or not yet deleted. */
  public long diskBytes() {
    return diskBytes.get();
  }

  /** Writes and fsyncs everything queued so far, then stops the writer. */
  @Override
  public void close() {
    // Not an interrupt: it would close the file channel under a write in progress.
    closing = true;
    queue.add(STOP);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeLoop() {
    List<Object> batch = new ArrayList<>(MAX_GROUP);
    boolean stop = false;
    try {
      while (!stop) {
        Object first;
        try {
          first = queue.take();
        } catch (InterruptedException e) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_GROUP - 1);
        stop = batch.remove(STOP);
        writeBatch(batch);
        batch.clear();
      }
      // Appends that raced with close: write them too rather than leave them waiting.
      queue.drainTo(batch);
      batch.remove(STOP);
      writeBatch(batch);
    } finally {
      closeOpenSegment();
    }
  }

  private void writeBatch(List<Object> batch) {
    List<Pending> group = new ArrayList<>(batch.size());
    for (Object item : batch) {
      if (item instanceof Pending pending) {
        group.add(pending);
      } else {
        writeGroup(group);
        group.clear();
        roll((CompletableFuture<?>) item);
      }
    }
    writeGroup(group);
  }

  @SuppressWarnings("unchecked")
  private void roll(CompletableFuture<?> done) {
    try {
      if (openRecords.get() > 0) {
        closeOpenSegment();
        openNewSegment();
      }
      ((CompletableFuture<Void>) done).complete(null);
    } catch (IOException | RuntimeException e) {
      done.completeExceptionally(e);
    }
  }

  private void writeGroup(List<Pending> group) {
    if (group.isEmpty()) {
      return;
    }
    try {
      buffer.clear();
      for (Pending p : group) {
        SpoolSegment.frame(p.payload(), buffer);
      }
      buffer.flip();
      int bytes = buffer.remaining();
      while (buffer.hasRemaining()) {
        open.write(buffer);
      }
      open.force(false);
      openBytes += bytes;
      diskBytes.addAndGet(bytes);
      openRecords.addAndGet(group.size());
      group.forEach(p -> p.written().complete(null));
      if (openBytes >= SEGMENT_BYTES) {
        closeOpenSegment();
        openNewSegment();
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("cannot write to the click spool in {}: {}", dir, e.toString());
      group.forEach(p -> p.written().completeExceptionally(e));
    }
  }

  private void openNewSegment() throws IOException {
    openPath = dir.resolve(SpoolSegment.fileName(nextSequence++));
    open =
        FileChannel.open(
            openPath,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    openBytes = 0;
    openRecords.set(0);
    syncDirectory();
  }

  /** Closes the open segment; an empty one is deleted so idle restarts leave nothing behind. */
  private void closeOpenSegment() {
    if (open == null) {
      return;
    }
    try {
      open.close();
      if (openRecords.get() == 0) {
        Files.deleteIfExists(openPath);
      }
    } catch (IOException e) {
      LOG.warn("cannot close click spool segment {}: {}", openPath, e.toString());
    }
    open = null;
    openPath = null;
  }

  /** A new file's name must be durable too, or a crash could lose the whole segment. */
  private void syncDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      LOG.debug("directory fsync not supported here: {}", e.toString());
    }
  }

  private List<Path> segments() {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(SpoolSegment::isSegment).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
