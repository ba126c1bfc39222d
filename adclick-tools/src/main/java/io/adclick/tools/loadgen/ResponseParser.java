package io.adclick.tools.loadgen;

import java.nio.charset.StandardCharsets;

/**
 * Just enough HTTP/1.1 response parsing for a keep-alive client that sends one request at a time:
 * the status, where the response ends (Content-Length or chunked), and whether the server closes
 * the connection after it. Scans the bytes in place, without allocating per header.
 */
final class ResponseParser {
  private static final byte[] HTTP_1 = ascii("http/1.");
  private static final byte[] CONTENT_LENGTH = ascii("content-length:");
  private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding:");
  private static final byte[] CONNECTION = ascii("connection:");
  private static final byte[] CHUNKED = ascii("chunked");
  private static final byte[] CLOSE = ascii("close");

  /**
   * A complete response at the start of the buffer.
   *
   * @param length bytes it takes, head and body
   */
  record Response(int status, int length, boolean close) {}

  static final class MalformedResponseException extends Exception {
    MalformedResponseException(String message) {
      super(message);
    }
  }

  private ResponseParser() {}

  /**
   * Parses the response starting at {@code a[0]}, of which {@code limit} bytes have arrived.
   *
   * @return the response, or null if more bytes are needed
   */
  static Response parse(byte[] a, int limit) throws MalformedResponseException {
    int headEnd = indexOfBlankLine(a, limit);
    if (headEnd < 0) {
      return null;
    }
    if (headEnd < 12 || !startsWith(a, 0, headEnd, HTTP_1)) {
      throw new MalformedResponseException("not an HTTP/1.x status line");
    }
    int status = 0;
    for (int i = 9; i < 12; i++) {
      if (a[i] < '0' || a[i] > '9') {
        throw new MalformedResponseException("bad status code");
      }
      status = status * 10 + (a[i] - '0');
    }
    long contentLength = 0;
    boolean chunked = false;
    boolean close = false;
    // The head's last CRLF is at headEnd, so every header line finds its end.
    int headLimit = headEnd + 2;
    int line = nextLine(a, 0, headLimit);
    while (line < headEnd) {
      int next = nextLine(a, line, headLimit);
      int lineEnd = next - 2;
      if (startsWith(a, line, lineEnd, CONTENT_LENGTH)) {
        contentLength = digits(a, line + CONTENT_LENGTH.length, lineEnd);
      } else if (startsWith(a, line, lineEnd, TRANSFER_ENCODING)) {
        chunked = contains(a, line, lineEnd, CHUNKED);
      } else if (startsWith(a, line, lineEnd, CONNECTION)) {
        close = contains(a, line, lineEnd, CLOSE);
      }
      line = next;
    }
    int bodyStart = headEnd + 4;
    int end;
    if (chunked) {
      end = chunkedEnd(a, bodyStart, limit);
      if (end == 0) {
        return null;
      }
    } else {
      if (limit - bodyStart < contentLength) {
        return null;
      }
      end = (int) (bodyStart + contentLength);
    }
    return new Response(status, end, close);
  }

  private static long digits(byte[] a, int from, int to) throws MalformedResponseException {
    long v = 0;
    boolean any = false;
    for (int i = from; i < to; i++) {
      if (a[i] >= '0' && a[i] <= '9') {
        v = v * 10 + (a[i] - '0');
        any = true;
      } else if (a[i] != ' ' && a[i] != '\t') {
        throw new MalformedResponseException("bad content-length");
      }
    }
    if (!any) {
      throw new MalformedResponseException("empty content-length");
    }
    return v;
  }

  /** End of a chunked body starting at {@code p}, or 0 if incomplete. No trailers expected. */
  private static int chunkedEnd(byte[] a, int p, int limit) throws MalformedResponseException {
    while (true) {
      int next = nextLine(a, p, limit);
      if (next < 0) {
        return 0;
      }
      int size = 0;
      for (int i = p; i < next - 2 && a[i] != ';'; i++) {
        int d = Character.digit(a[i], 16);
        if (d < 0) {
          throw new MalformedResponseException("bad chunk size");
        }
        size = size * 16 + d;
      }
      p = next;
      if (limit - p < size + 2) {
        return 0;
      }
      p += size + 2;
      if (size == 0) {
        return p;
      }
    }
  }

  private static int indexOfBlankLine(byte[] a, int limit) {
    for (int i = 0; i + 3 < limit; i++) {
      if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Start of the line after the one at {@code from}, or -1 if its CRLF is not before limit. */
  private static int nextLine(byte[] a, int from, int limit) {
    for (int i = from; i + 1 < limit; i++) {
      if (a[i] == '\r' && a[i + 1] == '\n') {
        return i + 2;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] a, int from, int to, byte[] lower) {
    if (to - from < lower.length) {
      return false;
    }
    for (int i = 0; i < lower.length; i++) {
      if (Character.toLowerCase(a[from + i]) != lower[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean contains(byte[] a, int from, int to, byte[] lower) {
    for (int i = from; i + lower.length <= to; i++) {
      if (startsWith(a, i, to, lower)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
