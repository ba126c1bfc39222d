package io.adclick.bench;

import java.time.Duration;

/** Pre-fills the topic with a plan's clicks as fast as the broker takes them. */
final class TopicFill {
  private TopicFill() {}

  static FillResult fill(
      SyntheticClicks clicks, long total, ClickProducer producer, Progress progress) {
    long started = System.nanoTime();
    while (clicks.hasNext()) {
      producer.send(clicks.next());
      progress.tick(
          () -> String.format("fill     %,12d / %,d acknowledged", producer.acknowledged(), total));
    }
    producer.flush();
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    return new FillResult(producer.acknowledged(), producer.bytes(), elapsed);
  }
}
