package io.adclick.http;

import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How much one HTTP/1.1 request and one connection may cost the server, in one place. Requests over
 * a size limit are answered by Vert.x itself before any handler runs: {@code 414} for a request
 * line over {@link #maxInitialLineLength()}, {@code 431} for headers over {@link #maxHeaderSize()},
 * and the connection is closed.
 *
 * <p>Slow and idle clients cost a socket and a small buffer each, never a thread (the event loop
 * does not wait for them); the idle timeout closes a connection that neither sent nor received
 * anything for that long, so half-sent requests and forgotten keep-alive connections do not pile
 * up. A client trickling one header byte at a time stays bounded by {@link #maxHeaderSize()}: it
 * can hold a connection open, not grow it.
 *
 * @param maxInitialLineLength longest request line ({@code GET /c/<token> HTTP/1.1}) in bytes
 * @param maxHeaderSize largest total size of all request headers in bytes
 * @param idleTimeout how long a connection may go without reading or writing a byte
 */
public record HttpLimits(int maxInitialLineLength, int maxHeaderSize, Duration idleTimeout) {

  /**
   * A click URL is about 200 bytes (a token is at most 176 characters), but intermediaries append
   * tracking parameters ({@code fbclid}, {@code gclid}, {@code utm_*}) to links they pass on; 8 KiB
   * takes all of those and still keeps one request line cheap. Browsers send far longer URLs only
   * for data we never asked for.
   */
  public static final int DEFAULT_MAX_INITIAL_LINE_LENGTH = 8 * 1024;

  /**
   * Browsers send the cookies of the click domain with every click, and a click domain shared with
   * other sites can carry several KiB of them; 16 KiB takes that while bounding what a client can
   * make us buffer before the first handler runs.
   */
  public static final int DEFAULT_MAX_HEADER_SIZE = 16 * 1024;

  /**
   * Long enough for a browser to reuse a keep-alive connection for the next click and for the
   * slowest API call (a year of minute buckets) to answer; short enough that abandoned and
   * deliberately slow connections are reclaimed within half a minute.
   */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  public HttpLimits {
    if (maxInitialLineLength < 256) {
      throw new IllegalArgumentException("max initial line length must be at least 256 bytes");
    }
    if (maxHeaderSize < 1024) {
      throw new IllegalArgumentException("max header size must be at least 1024 bytes");
    }
    if (idleTimeout.toMillis() < 1 || idleTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("idle timeout must be between 1 ms and 24 days");
    }
  }

  public static HttpLimits defaults() {
    return new HttpLimits(
        DEFAULT_MAX_INITIAL_LINE_LENGTH, DEFAULT_MAX_HEADER_SIZE, DEFAULT_IDLE_TIMEOUT);
  }

  public HttpLimits withIdleTimeout(Duration newIdleTimeout) {
    return new HttpLimits(maxInitialLineLength, maxHeaderSize, newIdleTimeout);
  }

  /** Server options carrying these limits; the caller adds host and port. */
  public HttpServerOptions toServerOptions() {
    return new HttpServerOptions()
        .setMaxInitialLineLength(maxInitialLineLength)
        .setMaxHeaderSize(maxHeaderSize)
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout((int) idleTimeout.toMillis())
        // The limits above are HTTP/1.1 limits. Browsers speak HTTP/2 only over TLS, which a
        // proxy in front of us terminates; cleartext HTTP/2 would only be one more parser to
        // bound.
        .setHttp2ClearTextEnabled(false)
        // Redirects and small JSON answers gain nothing from compression, and it costs CPU.
        .setCompressionSupported(false);
  }
}
