package io.adclick.tools.loadgen;

import io.adclick.tools.ledger.Outcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool of keep-alive HTTP/1.1 connections for {@code GET /c/<token>}, one request at a time
 * each, no thread per request: the caller's thread writes, one selector thread reads, connects,
 * times out and reconnects. Broken connections (server killed, restarting, idle timeout) are
 * replaced with backoff while the caller keeps its schedule; a click that finds no connected socket
 * at all is reported unsent instead of waiting for one.
 */
final class ClickClient implements AutoCloseable {
  private static final long MAX_BACKOFF_NANOS = 1_000_000_000L;
  private static final long TICK_MILLIS = 10;

  enum Send {
    /** A connection took the click; its outcome will be reported. */
    TAKEN,
    /** Every connection is busy: try again shortly. */
    ALL_BUSY,
    /** No connection is up; the caller decides what that means for the click. */
    NO_CONNECTION
  }

  private final InetSocketAddress address;
  private final String hostHeader;
  private final long timeoutNanos;
  private final ClickListener listener;
  private final HttpConnection[] slots;
  private final int[] slotFailures;
  private final long[] reconnectAt;
  private final ConcurrentLinkedQueue<HttpConnection> idle = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<HttpConnection> brokenBySender =
      new ConcurrentLinkedQueue<>();
  private final AtomicInteger live = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger reconnects = new AtomicInteger();
  private Selector selector;
  private Thread loop;
  private volatile boolean running;

  ClickClient(
      InetSocketAddress address, int connections, long timeoutNanos, ClickListener listener) {
    this.address = address;
    this.hostHeader = address.getHostString() + ":" + address.getPort();
    this.timeoutNanos = timeoutNanos;
    this.listener = listener;
    this.slots = new HttpConnection[connections];
    this.slotFailures = new int[connections];
    this.reconnectAt = new long[connections];
  }

  /** Connects every slot; fails only if none connects within {@code waitNanos}. */
  void open(long waitNanos) throws IOException {
    selector = Selector.open();
    for (int slot = 0; slot < slots.length; slot++) {
      connect(slot);
    }
    running = true;
    loop = new Thread(this::selectLoop, "loadgen-receiver");
    loop.setDaemon(true);
    loop.start();
    long deadline = System.nanoTime() + waitNanos;
    while (live.get() < slots.length && System.nanoTime() < deadline) {
      LockSupport.parkNanos(1_000_000L);
    }
    if (live.get() == 0) {
      close();
      throw new IOException("cannot connect to " + hostHeader);
    }
  }

  /** Sends the click on an idle connection. Called from one sender thread. */
  Send send(PlannedClick click, long intendedNanos) {
    byte[] request =
        ("GET " + click.path() + " HTTP/1.1\r\nHost: " + hostHeader + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    HttpConnection c;
    while ((c = idle.poll()) != null) {
      c.click = click;
      c.intendedNanos = intendedNanos;
      c.sentNanos = System.nanoTime();
      if (!c.state.compareAndSet(HttpConnection.IDLE, HttpConnection.BUSY)) {
        continue; // closed by the server while idle; its slot is being reconnected
      }
      inFlight.incrementAndGet();
      int written = write(c.channel, request);
      if (written == request.length) {
        return Send.TAKEN;
      }
      if (!c.state.compareAndSet(HttpConnection.BUSY, HttpConnection.BROKEN)) {
        return Send.TAKEN; // the selector saw the break first and reported the click
      }
      live.decrementAndGet();
      brokenBySender.add(c);
      selector.wakeup();
      if (written > 0) {
        report(c, System.nanoTime(), Outcome.ERROR, 0);
        return Send.TAKEN;
      }
      inFlight.decrementAndGet(); // nothing went out: another connection may carry it
    }
    return live.get() == 0 ? Send.NO_CONNECTION : Send.ALL_BUSY;
  }

  int inFlight() {
    return inFlight.get();
  }

  int reconnects() {
    return reconnects.get();
  }

  /** Waits for the answers (or timeouts) of every click sent, up to a deadline. */
  void awaitIdle(long deadlineNanos) {
    while (inFlight.get() > 0 && System.nanoTime() < deadlineNanos) {
      LockSupport.parkNanos(1_000_000L);
    }
  }

  /** Stops; clicks still without an answer are reported as timed out. */
  @Override
  public void close() {
    running = false;
    if (selector != null) {
      selector.wakeup();
    }
    if (loop != null && loop != Thread.currentThread()) {
      try {
        loop.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    long now = System.nanoTime();
    for (HttpConnection c : slots) {
      if (c != null) {
        end(c, now, Outcome.TIMEOUT);
        closeQuietly(c.channel);
      }
    }
    try {
      if (selector != null) {
        selector.close();
      }
    } catch (IOException ignored) {
      // nothing left to release
    }
  }

  private static int write(SocketChannel channel, byte[] request) {
    ByteBuffer buffer = ByteBuffer.wrap(request);
    try {
      // A request is far smaller than the socket buffer of an otherwise idle connection, so a
      // full buffer means the peer stopped reading: give up rather than spin.
      for (int attempts = 0; buffer.hasRemaining() && attempts < 1000; attempts++) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      // reported by the caller from how much went out
    }
    return buffer.position();
  }

  // --- selector thread ------------------------------------------------------------------------

  private void selectLoop() {
    try {
      while (running) {
        selector.select(TICK_MILLIS);
        for (SelectionKey key : selector.selectedKeys()) {
          HttpConnection c = (HttpConnection) key.attachment();
          if (!key.isValid()) {
            continue;
          }
          if (key.isConnectable()) {
            finishConnect(c, key);
          } else if (key.isReadable()) {
            read(c);
          }
        }
        selector.selectedKeys().clear();
        HttpConnection broken;
        while ((broken = brokenBySender.poll()) != null) {
          retire(broken);
        }
        long now = System.nanoTime();
        expireTimeouts(now);
        reconnectDue(now);
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("loadgen: receiver stopped: " + e);
      running = false;
    }
  }

  private void connect(int slot) {
    reconnectAt[slot] = 0;
    SocketChannel channel = null;
    try {
      channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      HttpConnection c = new HttpConnection(slot, channel);
      slots[slot] = c;
      if (channel.connect(address)) {
        channel.register(selector, SelectionKey.OP_READ, c);
        connected(c);
      } else {
        channel.register(selector, SelectionKey.OP_CONNECT, c);
      }
    } catch (IOException e) {
      if (channel != null) {
        closeQuietly(channel);
      }
      connectFailed(slot);
    }
  }

  private void finishConnect(HttpConnection c, SelectionKey key) {
    try {
      if (c.channel.finishConnect()) {
        key.interestOps(SelectionKey.OP_READ);
        connected(c);
      }
    } catch (IOException e) {
      key.cancel();
      closeQuietly(c.channel);
      connectFailed(c.slot);
    }
  }

  private void connected(HttpConnection c) {
    slotFailures[c.slot] = 0;
    live.incrementAndGet();
    c.state.set(HttpConnection.IDLE);
    idle.add(c);
  }

  private void connectFailed(int slot) {
    slotFailures[slot]++;
    // Refused while the server restarts: back off so as not to spin, but not for long.
    long backoff = Math.min(MAX_BACKOFF_NANOS, 10_000_000L << Math.min(slotFailures[slot], 7));
    reconnectAt[slot] = System.nanoTime() + backoff;
  }

  private void read(HttpConnection c) {
    ResponseParser.Response response;
    try {
      if (c.channel.read(c.in) < 0) {
        breakOff(c);
        return;
      }
      response = ResponseParser.parse(c.in.array(), c.in.position());
    } catch (IOException | ResponseParser.MalformedResponseException e) {
      breakOff(c);
      return;
    }
    if (response == null) {
      if (!c.in.hasRemaining()) { // a response this large is not a click answer
        breakOff(c);
      }
      return;
    }
    boolean extra = c.in.position() > response.length();
    // answer() goes first so that the click is reported even when the socket must go.
    if (!answer(c, response.status()) || extra || response.close()) {
      // Unsolicited bytes or a closing server: this socket cannot carry another request.
      breakOff(c);
      return;
    }
    c.in.clear();
    idle.add(c);
  }

  /** Ends the connection on the selector thread; a click still in flight on it is an error. */
  private void breakOff(HttpConnection c) {
    end(c, System.nanoTime(), Outcome.ERROR);
    retire(c);
  }

  /** Reports the answer; false if no request was in flight on this connection. */
  private boolean answer(HttpConnection c, int status) {
    long now = System.nanoTime();
    PlannedClick click = c.click;
    long intended = c.intendedNanos;
    if (!c.state.compareAndSet(HttpConnection.BUSY, HttpConnection.IDLE)) {
      return false;
    }
    inFlight.decrementAndGet();
    listener.completed(click, intended, now, Outcome.ANSWERED, status);
    return true;
  }

  private void expireTimeouts(long now) {
    for (HttpConnection c : slots) {
      if (c != null
          && c.state.get() == HttpConnection.BUSY
          && now - c.sentNanos > timeoutNanos
          && end(c, now, Outcome.TIMEOUT)) {
        retire(c);
      }
    }
  }

  /**
   * Marks the connection broken and, if a click was in flight and nobody reported it yet, reports
   * it with {@code outcome}.
   *
   * @return true if this call broke the connection
   */
  private boolean end(HttpConnection c, long now, Outcome outcome) {
    int was = c.state.getAndSet(HttpConnection.BROKEN);
    if (was == HttpConnection.BROKEN) {
      return false;
    }
    if (was != HttpConnection.CONNECTING) {
      live.decrementAndGet();
    }
    if (was == HttpConnection.BUSY) {
      report(c, now, outcome, 0);
    }
    return true;
  }

  private void report(HttpConnection c, long now, Outcome outcome, int status) {
    inFlight.decrementAndGet();
    listener.completed(c.click, c.intendedNanos, now, outcome, status);
  }

  /** Closes a broken connection and schedules its slot's replacement. */
  private void retire(HttpConnection c) {
    SelectionKey key = c.channel.keyFor(selector);
    if (key != null) {
      key.cancel();
    }
    closeQuietly(c.channel);
    if (slots[c.slot] == c && running) {
      reconnects.incrementAndGet();
      // A server closing an idle connection is normal: replace it at once.
      reconnectAt[c.slot] = System.nanoTime();
    }
  }

  private void reconnectDue(long now) {
    for (int slot = 0; slot < slots.length; slot++) {
      if (reconnectAt[slot] != 0 && now - reconnectAt[slot] >= 0) {
        connect(slot);
      }
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // already unusable
    }
  }
}
