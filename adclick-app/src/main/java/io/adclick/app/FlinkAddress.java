package io.adclick.app;

/** A Flink JobManager's REST endpoint, as {@code host:port}. */
record FlinkAddress(String host, int port) {

  FlinkAddress {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("--flink needs a host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("--flink port must be 1..65535");
    }
  }

  static FlinkAddress parse(String hostPort) {
    if (hostPort == null || hostPort.isBlank()) {
      throw new IllegalArgumentException("--flink must be host:port of the JobManager's REST API");
    }
    String value = hostPort.strip();
    if (value.contains("://")) {
      value = value.substring(value.indexOf("://") + 3);
    }
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new IllegalArgumentException("--flink must be host:port, got '" + hostPort + "'");
    }
    try {
      return new FlinkAddress(
          value.substring(0, colon), Integer.parseInt(value.substring(colon + 1).replace("/", "")));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--flink port is not a number: '" + hostPort + "'", e);
    }
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
