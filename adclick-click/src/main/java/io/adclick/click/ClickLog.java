package io.adclick.click;

import io.adclick.event.ClickEvent;
import java.util.concurrent.CompletionStage;

/** The durable event log clicks are handed to before the user is redirected. */
public interface ClickLog extends AutoCloseable {

  /** Completes once the log has durably acknowledged the click, exceptionally if it has not. */
  CompletionStage<Void> append(ClickEvent click);

  @Override
  void close();
}
