package io.adclick.reconcile;

import java.util.concurrent.ThreadFactory;

/** Threads of reconciliation's own: daemons, so they never hold the server's JVM up. */
final class DaemonThread {
  private DaemonThread() {}

  static ThreadFactory named(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
