package io.adclick.tools.loadgen;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One socket's lifetime in a {@link ClickClient} slot: keep-alive, at most one request in flight. A
 * broken socket is never revived; its slot gets a new connection.
 *
 * <p>The sender thread and the selector thread both touch a connection. Whoever moves {@link
 * #state} out of {@code BUSY} owns the click in flight and reports its outcome, so every click is
 * reported exactly once whichever side notices the end first.
 */
final class HttpConnection {
  static final int CONNECTING = 0;
  static final int IDLE = 1;
  static final int BUSY = 2;
  static final int BROKEN = 3;

  final int slot;
  final SocketChannel channel;
  final AtomicInteger state = new AtomicInteger(CONNECTING);
  final ByteBuffer in = ByteBuffer.allocate(16 * 1024);

  // Written by the sender before state becomes BUSY, read by whoever ends the request after.
  PlannedClick click;
  long intendedNanos;
  long sentNanos;

  HttpConnection(int slot, SocketChannel channel) {
    this.slot = slot;
    this.channel = channel;
  }
}
