package io.adclick.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Speaks HTTP/1.1 over a plain socket, for requests no well-behaved client would send. */
final class RawHttp {
  private RawHttp() {}

  /** Sends the bytes, then reads until the server closes the connection (at most 10 s). */
  static String exchange(int port, String request) throws IOException {
    try (Socket socket = open(port)) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return readUntilClosed(socket);
    }
  }

  static Socket open(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    return socket;
  }

  static String readUntilClosed(Socket socket) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
      }
    } catch (SocketException e) {
      // A reset after the answer is still a closed connection.
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /** True once the server closed the connection, false if it is still open after the wait. */
  static boolean closedWithin(Socket socket, int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      return socket.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true;
    }
  }

  static int status(String response) {
    // Vert.x answers a request line it could not read with HTTP/1.0: it never learnt the version.
    if (!response.startsWith("HTTP/1.1 ") && !response.startsWith("HTTP/1.0 ")) {
      throw new AssertionError("not an HTTP/1.x response: " + response);
    }
    return Integer.parseInt(response.substring(9, 12));
  }
}
