import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop, fixed-rate HTTP/1.1 load generator (wrk2-style, without coordinated omission).
 *
 * <p>Request i is due at {@code start + i / rate}. Its latency is measured from that intended time
 * to the last byte of its response, so a stalled server (or a lack of free connections, or a late
 * sender) shows up in the numbers instead of silently lowering the offered rate. Each keep-alive
 * connection carries one request at a time (no pipelining). One sender thread schedules and writes;
 * one selector thread reads and parses responses.
 *
 * <p>Run as a single-file source program (Java 17):
 *
 * <pre>
 * java bench/loadgen/FixedRate.java --port 8080 --paths clicks.txt --rate 10000 \
 *     --duration 30 --warmup 5 --connections 128 [--host 127.0.0.1] [--expect 302] [--rt 1]
 * </pre>
 *
 * <p>Prints a human-readable report and one machine-readable line starting with {@code FIXEDRATE}.
 * The exit code is 0 when every recorded response had the expected status and none was lost.
 */
public final class FixedRate {

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = parse(argv);
    String host = a.getOrDefault("host", "127.0.0.1");
    int port = Integer.parseInt(req(a, "port"));
    Path paths = Path.of(req(a, "paths"));
    int rate = Integer.parseInt(a.getOrDefault("rate", "10000"));
    int duration = Integer.parseInt(a.getOrDefault("duration", "30"));
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "5"));
    int connections = Integer.parseInt(a.getOrDefault("connections", "128"));
    int expect = Integer.parseInt(a.getOrDefault("expect", "302"));
    int drainSeconds = Integer.parseInt(a.getOrDefault("drain", "10"));
    rtPriority = Integer.parseInt(a.getOrDefault("rt", "0"));
    FixedRate load =
        new FixedRate(host, port, paths, rate, duration, warmup, connections, expect, drainSeconds);
    Exception[] failure = new Exception[1];
    Thread sender =
        new Thread(
            () -> {
              try {
                load.run();
              } catch (Exception e) {
                failure[0] = e;
              }
            },
            "sender");
    sender.start();
    sender.join();
    if (failure[0] != null) {
      throw failure[0];
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * With {@code --rt N} (Linux, root), the sender and receiver threads run SCHED_FIFO at priority
   * N, so that the generator's own scheduling delay (waiting for a CPU slice on a busy machine)
   * does not show up as server latency. Only these two I/O threads are raised, not the JIT or GC.
   */
  private static int rtPriority;

  private final InetSocketAddress address;
  private final byte[][] requests;
  private final int rate;
  private final int duration;
  private final int warmup;
  private final int connections;
  private final int expect;
  private final int drainSeconds;

  private final ConcurrentLinkedQueue<Conn> free = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Conn> toReconnect = new ConcurrentLinkedQueue<>();
  private volatile boolean running = true;
  private Selector selector;

  // Written by the receiver thread only; read after it has stopped.
  private long[] latencies; // nanos, recorded requests only
  private int recorded;
  private final TreeMap<Integer, Long> statuses = new TreeMap<>();
  private long protocolErrors;
  private long reconnects;
  private final AtomicLong completed = new AtomicLong();

  private FixedRate(
      String host,
      int port,
      Path paths,
      int rate,
      int duration,
      int warmup,
      int connections,
      int expect,
      int drainSeconds)
      throws IOException {
    this.address = new InetSocketAddress(host, port);
    this.rate = rate;
    this.duration = duration;
    this.warmup = warmup;
    this.connections = connections;
    this.expect = expect;
    this.drainSeconds = drainSeconds;
    List<byte[]> list = new ArrayList<>();
    String hostHeader = host + ":" + port;
    for (String line : Files.readAllLines(paths, StandardCharsets.US_ASCII)) {
      String path = line.strip();
      if (path.isEmpty()) {
        continue;
      }
      list.add(
          ("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
    }
    if (list.isEmpty()) {
      throw new IllegalArgumentException("no paths in " + paths);
    }
    this.requests = list.toArray(new byte[0][]);
  }

  /** One keep-alive connection; at most one request in flight. */
  private static final class Conn {
    SocketChannel channel;
    volatile long intendedNanos;
    volatile boolean record;
    volatile boolean inFlight;
    // receiver-side parse state
    final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
  }

  private void run() throws Exception {
    selector = Selector.open();
    List<Conn> all = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Conn c = new Conn();
      c.channel = open();
      all.add(c);
    }
    for (Conn c : all) {
      c.channel.register(selector, SelectionKey.OP_READ, c);
      free.add(c);
    }
    long warmupCount = (long) rate * warmup;
    long total = (long) rate * (warmup + duration);
    latencies = new long[(int) (total - warmupCount) + 16];

    // promote the request table and the result arrays now, so that young collections during the
    // run copy next to nothing
    System.gc();

    Thread receiver = new Thread(this::receive, "receiver");
    receiver.setDaemon(true);
    receiver.start();
    if (rtPriority > 0) {
      Thread.sleep(20); // let the receiver thread get its native name
      realtime("sender");
      realtime("receiver");
    }

    long start = System.nanoTime() + 50_000_000L;
    long maxSendLag = 0; // how late the sender wrote a request (includes waiting for a connection)
    long lateSends = 0; // requests written more than 1 ms after their intended time
    long waitedForConn = 0; // requests that found no free connection when due
    long[] sendLags = new long[(int) (total - warmupCount) + 16];
    int sendLagCount = 0;
    long abortAt = start + (warmup + duration + 60L) * 1_000_000_000L;
    long i = 0;
    for (; i < total; i++) {
      long intended = start + (long) (i * (1_000_000_000.0 / rate));
      long now;
      while ((now = System.nanoTime()) < intended) {
        long wait = intended - now;
        if (wait > 20_000) {
          LockSupport.parkNanos(wait - 10_000);
        } else {
          Thread.onSpinWait();
        }
      }
      Conn c = free.poll();
      if (c == null) {
        waitedForConn++;
        while ((c = free.poll()) == null) {
          LockSupport.parkNanos(20_000);
          if (System.nanoTime() > abortAt) {
            break;
          }
        }
        if (c == null) {
          System.err.println("fixed-rate: no free connection for too long, aborting schedule");
          break;
        }
      }
      boolean record = i >= warmupCount;
      c.intendedNanos = intended;
      c.record = record;
      c.inFlight = true;
      long sendAt = System.nanoTime();
      if (!write(c, requests[(int) (i % requests.length)])) {
        // connection broke on write: the receiver reconnects it; count as a lost request
        c.inFlight = false;
        synchronized (this) {
          protocolErrors++;
        }
        toReconnect.add(c);
        selector.wakeup();
        continue;
      }
      long lag = sendAt - intended;
      if (record) {
        sendLags[sendLagCount++] = lag;
        if (lag > maxSendLag) {
          maxSendLag = lag;
        }
        if (lag > 1_000_000L) {
          lateSends++;
        }
      }
    }
    long scheduleEnd = System.nanoTime();
    long sent = i;

    // drain: wait for the outstanding responses, bounded
    long drainUntil = System.nanoTime() + drainSeconds * 1_000_000_000L;
    while (completed.get() + lostOnWrite() < sent && System.nanoTime() < drainUntil) {
      Thread.sleep(5);
    }
    running = false;
    selector.wakeup();
    receiver.join(2000);

    // requests that never got an answer: count them at the time we gave up (a lower bound)
    long unanswered = 0;
    long gaveUp = System.nanoTime();
    for (Conn c : all) {
      if (c.inFlight) {
        unanswered++;
        if (c.record && recorded < latencies.length) {
          latencies[recorded++] = gaveUp - c.intendedNanos;
        }
      }
      try {
        c.channel.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }

    report(
        sent - Math.min(sent, warmupCount),
        (scheduleEnd - start - warmup * 1_000_000_000L) / 1e9,
        unanswered,
        Arrays.copyOf(sendLags, sendLagCount),
        maxSendLag,
        lateSends,
        waitedForConn);
  }

  /** Raises the native thread(s) named {@code comm} of this process to SCHED_FIFO. */
  private static void realtime(String comm) {
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String name = Files.readString(task.resolve("comm")).strip();
        if (!name.equals(comm)) {
          continue;
        }
        String tid = task.getFileName().toString();
        Process p =
            new ProcessBuilder("chrt", "-f", "-p", String.valueOf(rtPriority), tid)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
          System.err.println("fixed-rate: could not raise " + comm + " to SCHED_FIFO: " + out);
        } else {
          System.out.printf(
              "fixed-rate: %s thread (tid %s) runs SCHED_FIFO priority %d%n",
              comm, tid, rtPriority);
        }
      }
    } catch (IOException | InterruptedException e) {
      System.err.println("fixed-rate: could not raise " + comm + " to SCHED_FIFO: " + e);
    }
  }

  private synchronized long lostOnWrite() {
    return protocolErrors;
  }

  private SocketChannel open() throws IOException {
    SocketChannel ch = SocketChannel.open();
    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
    ch.connect(address);
    ch.configureBlocking(false);
    return ch;
  }

  private static boolean write(Conn c, byte[] request) {
    ByteBuffer buf = ByteBuffer.wrap(request);
    try {
      int spins = 0;
      while (buf.hasRemaining()) {
        if (c.channel.write(buf) == 0 && ++spins > 1_000_000) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // receiver

  private void receive() {
    try {
      while (running) {
        selector.select(50);
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          if (!key.isValid() || !key.isReadable()) {
            continue;
          }
          Conn c = (Conn) key.attachment();
          readFrom(c, key);
        }
        Conn broken;
        while ((broken = toReconnect.poll()) != null) {
          reconnect(broken);
        }
      }
    } catch (IOException e) {
      System.err.println("fixed-rate: receiver failed: " + e);
    }
  }

  private void readFrom(Conn c, SelectionKey key) throws IOException {
    int n;
    try {
      n = c.channel.read(c.in);
    } catch (IOException e) {
      n = -1;
    }
    if (n < 0) {
      key.cancel();
      if (c.inFlight) {
        protocolError(c);
      } else {
        free.remove(c); // closed while idle; reconnect puts it back
      }
      reconnect(c);
      return;
    }
    // parse as many complete responses as the buffer holds (normally exactly one)
    while (true) {
      int consumed = parseOne(c);
      if (consumed == 0) {
        break;
      }
      if (consumed < 0) { // unparseable: drop the connection
        key.cancel();
        protocolError(c);
        reconnect(c);
        return;
      }
    }
    if (!c.in.hasRemaining()) { // response larger than the buffer: not expected here
      key.cancel();
      protocolError(c);
      reconnect(c);
    }
  }

  private void protocolError(Conn c) {
    synchronized (this) {
      protocolErrors++;
    }
    c.inFlight = false;
    c.in.clear();
  }

  private void reconnect(Conn c) {
    try {
      c.channel.close();
    } catch (IOException ignored) {
      // replaced below
    }
    try {
      c.channel = open();
      c.channel.register(selector, SelectionKey.OP_READ, c);
      c.in.clear();
      reconnects++;
      if (!free.contains(c)) {
        free.add(c);
      }
    } catch (IOException e) {
      System.err.println("fixed-rate: reconnect failed: " + e);
    }
  }

  /**
   * Parses one response at the start of {@code c.in} (in write mode). Returns the bytes consumed, 0
   * if incomplete, -1 if malformed.
   */
  private int parseOne(Conn c) {
    ByteBuffer b = c.in;
    int limit = b.position();
    byte[] a = b.array();
    int headerEnd = indexOf(a, 0, limit);
    if (headerEnd < 0) {
      return 0;
    }
    if (limit < 12 || a[0] != 'H' || a[1] != 'T' || a[2] != 'T' || a[3] != 'P') {
      return -1;
    }
    int status = (a[9] - '0') * 100 + (a[10] - '0') * 10 + (a[11] - '0');
    long contentLength = 0;
    boolean chunked = false;
    boolean close = false;
    // header lines, scanned in place (no allocation per response)
    int line = lineAfter(a, 0, headerEnd);
    while (line >= 0 && line < headerEnd) {
      int next = lineAfter(a, line, headerEnd);
      int lineEnd = next < 0 ? headerEnd : next - 2;
      if (startsWithIgnoreCase(a, line, lineEnd, CONTENT_LENGTH)) {
        contentLength = 0;
        for (int i = line + CONTENT_LENGTH.length; i < lineEnd; i++) {
          if (a[i] >= '0' && a[i] <= '9') {
            contentLength = contentLength * 10 + (a[i] - '0');
          }
        }
      } else if (startsWithIgnoreCase(a, line, lineEnd, TRANSFER_ENCODING)) {
        chunked = containsIgnoreCase(a, line, lineEnd, CHUNKED);
      } else if (startsWithIgnoreCase(a, line, lineEnd, CONNECTION)) {
        close = containsIgnoreCase(a, line, lineEnd, CLOSE);
      }
      line = next;
    }
    int bodyStart = headerEnd + 4;
    int end;
    if (chunked) {
      end = chunkedEnd(a, bodyStart, limit);
      if (end == 0) {
        return 0;
      }
      if (end < 0) {
        return -1;
      }
    } else {
      if (limit - bodyStart < contentLength) {
        return 0;
      }
      end = (int) (bodyStart + contentLength);
    }
    long now = System.nanoTime();
    if (c.record) {
      if (recorded < latencies.length) {
        latencies[recorded++] = now - c.intendedNanos;
      }
      statuses.merge(status, 1L, Long::sum);
    }
    // shift the rest (normally nothing) to the front
    System.arraycopy(a, end, a, 0, limit - end);
    b.position(limit - end);
    c.inFlight = false;
    completed.incrementAndGet();
    if (close) {
      reconnect(c);
      return 0;
    }
    free.add(c);
    return end;
  }

  private static final byte[] CONTENT_LENGTH = bytes("content-length:");
  private static final byte[] TRANSFER_ENCODING = bytes("transfer-encoding:");
  private static final byte[] CONNECTION = bytes("connection:");
  private static final byte[] CHUNKED = bytes("chunked");
  private static final byte[] CLOSE = bytes("close");

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Start of the line after the one containing {@code from}, or -1 if none before limit. */
  private static int lineAfter(byte[] a, int from, int limit) {
    for (int i = from; i + 1 < limit + 2; i++) {
      if (a[i] == '\r' && a[i + 1] == '\n') {
        return i + 2;
      }
    }
    return -1;
  }

  private static boolean startsWithIgnoreCase(byte[] a, int from, int to, byte[] lower) {
    if (to - from < lower.length) {
      return false;
    }
    for (int i = 0; i < lower.length; i++) {
      if ((a[from + i] | 0x20) != lower[i] && a[from + i] != lower[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean containsIgnoreCase(byte[] a, int from, int to, byte[] lower) {
    for (int i = from; i + lower.length <= to; i++) {
      if (startsWithIgnoreCase(a, i, to, lower)) {
        return true;
      }
    }
    return false;
  }

  private static int indexOf(byte[] a, int from, int limit) {
    for (int i = from; i + 3 < limit; i++) {
      if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** End offset of a chunked body starting at {@code p}, 0 if incomplete, -1 if malformed. */
  private static int chunkedEnd(byte[] a, int p, int limit) {
    while (true) {
      int lineEnd = -1;
      for (int i = p; i + 1 < limit; i++) {
        if (a[i] == '\r' && a[i + 1] == '\n') {
          lineEnd = i;
          break;
        }
      }
      if (lineEnd < 0) {
        return 0;
      }
      String sizeText = new String(a, p, lineEnd - p, StandardCharsets.US_ASCII);
      int semi = sizeText.indexOf(';');
      int size;
      try {
        size = Integer.parseInt((semi >= 0 ? sizeText.substring(0, semi) : sizeText).trim(), 16);
      } catch (NumberFormatException e) {
        return -1;
      }
      p = lineEnd + 2;
      if (size == 0) { // no trailers expected: final CRLF
        if (limit - p < 2) {
          return 0;
        }
        return p + 2;
      }
      if (limit - p < size + 2) {
        return 0;
      }
      p += size + 2;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // report

  private void report(
      long sentRecorded,
      double seconds,
      long unanswered,
      long[] sendLags,
      long maxSendLag,
      long lateSends,
      long waitedForConn) {
    long[] lat = Arrays.copyOf(latencies, recorded);
    Arrays.sort(lat);
    Arrays.sort(sendLags);
    long ok = statuses.getOrDefault(expect, 0L);
    long unexpected = 0;
    StringBuilder st = new StringBuilder();
    for (Map.Entry<Integer, Long> e : statuses.entrySet()) {
      if (e.getKey() != expect) {
        unexpected += e.getValue();
      }
      if (st.length() > 0) {
        st.append(',');
      }
      st.append(e.getKey()).append(':').append(e.getValue());
    }
    long errors;
    synchronized (this) {
      errors = protocolErrors;
    }
    System.out.printf(
        "fixed rate %d/s for %d s (after %d s warm-up), %d connections, latency from intended"
            + " send time%n",
        rate, duration, warmup, connections);
    System.out.printf(
        "  sent %d (%.0f/s achieved schedule), answered %d, statuses %s%n",
        sentRecorded, sentRecorded / Math.max(seconds, 1e-9), lat.length - unanswered, st);
    System.out.printf(
        "  latency  p50 %s  p90 %s  p99 %s  p99.9 %s  p99.99 %s  max %s%n",
        ms(pct(lat, 50)),
        ms(pct(lat, 90)),
        ms(pct(lat, 99)),
        ms(pct(lat, 99.9)),
        ms(pct(lat, 99.99)),
        ms(lat.length == 0 ? 0 : lat[lat.length - 1]));
    System.out.printf(
        "  sender lag (generator's own lateness + waiting for a free connection): p50 %s  p99 %s"
            + "  max %s; %d sends >1 ms late; %d found no free connection%n",
        ms(pct(sendLags, 50)), ms(pct(sendLags, 99)), ms(maxSendLag), lateSends, waitedForConn);
    System.out.printf(
        "  errors: %d unexpected status (not %d), %d unanswered, %d broken/malformed, %d"
            + " reconnects%n",
        unexpected, expect, unanswered, errors, reconnects);
    System.out.printf(
        "FIXEDRATE rate=%d seconds=%d sent=%d ok=%d unexpected=%d unanswered=%d broken=%d"
            + " p50_us=%d p90_us=%d p99_us=%d p999_us=%d p9999_us=%d max_us=%d"
            + " sendlag_p99_us=%d sendlag_max_us=%d late_sends=%d statuses=%s%n",
        rate,
        duration,
        sentRecorded,
        ok,
        unexpected,
        unanswered,
        errors,
        pct(lat, 50) / 1000,
        pct(lat, 90) / 1000,
        pct(lat, 99) / 1000,
        pct(lat, 99.9) / 1000,
        pct(lat, 99.99) / 1000,
        (lat.length == 0 ? 0 : lat[lat.length - 1]) / 1000,
        pct(sendLags, 99) / 1000,
        maxSendLag / 1000,
        lateSends,
        st.length() == 0 ? "-" : st.toString());
    System.out.flush();
    System.exit(unexpected == 0 && unanswered == 0 && errors == 0 ? 0 : 1);
  }

  /** Nearest-rank percentile of a sorted array. */
  private static long pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static String ms(long nanos) {
    return String.format("%.3f ms", nanos / 1e6);
  }

  private static Map<String, String> parse(String[] argv) {
    Map<String, String> m = new TreeMap<>();
    for (int i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
        throw new IllegalArgumentException("expected --name value pairs, got " + argv[i]);
      }
      m.put(argv[i].substring(2), argv[++i]);
    }
    return m;
  }

  private static String req(Map<String, String> a, String name) {
    String v = a.get(name);
    if (v == null) {
      throw new IllegalArgumentException("missing --" + name);
    }
    return v;
  }
}
