package io.adclick.tools.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How many clicks each click target took and answered, so that a run against several services shows
 * how the load and the failovers spread. Counted from the sender and the client threads.
 */
final class TargetCounts {
  /**
   * @param sent clicks the target took (a click no target took is counted unsent, not here)
   * @param answered of those, the ones with an HTTP answer of any status
   */
  record Count(String target, long sent, long answered) {}

  private final List<String> targets;
  private final AtomicLongArray sent;
  private final AtomicLongArray answered;

  TargetCounts(List<String> targets) {
    this.targets = List.copyOf(targets);
    this.sent = new AtomicLongArray(targets.size());
    this.answered = new AtomicLongArray(targets.size());
  }

  void sent(int target) {
    sent.incrementAndGet(target);
  }

  void answered(int target) {
    answered.incrementAndGet(target);
  }

  List<Count> snapshot() {
    List<Count> counts = new ArrayList<>(targets.size());
    for (int i = 0; i < targets.size(); i++) {
      counts.add(new Count(targets.get(i), sent.get(i), answered.get(i)));
    }
    return counts;
  }
}
