package io.adclick.testing;

import java.io.IOException;
import java.net.ServerSocket;

/**
 * Free loopback ports for servers a test starts as child processes. A port is free when asked and
 * may be taken before the server binds it, so fixtures retry their start a few times.
 */
public final class LocalPorts {
  private LocalPorts() {}

  public static int free() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
