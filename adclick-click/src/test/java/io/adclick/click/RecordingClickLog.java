package io.adclick.click;

import io.adclick.event.ClickEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A click log that keeps what it was given, acknowledges at once, and on demand refuses or throws.
 */
final class RecordingClickLog implements ClickLog {
  final List<ClickEvent> appended = new CopyOnWriteArrayList<>();
  volatile boolean failNext;
  volatile boolean throwNext;

  @Override
  public CompletionStage<Void> append(ClickEvent click) {
    if (throwNext) {
      throwNext = false;
      throw new IllegalStateException("internal detail that must not reach the user");
    }
    if (failNext) {
      failNext = false;
      return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
    }
    appended.add(click);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {}
}
