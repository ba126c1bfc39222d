package io.adclick.tools.loadgen;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands each click to one of the click targets, as a load balancer in front of several click
 * services would:
 *
 * <ul>
 *   <li>clicks go round-robin by their sequence number;
 *   <li>a repeated impression skips the target it was last sent to, so that with two or more
 *       targets the duplicate meets another service than the original did and dedup is tested
 *       across services, not only within one;
 *   <li>a target with no live connection (its process was killed) is passed over for the next one
 *       that has one; a merely busy target is waited for, as with a single target, so that its
 *       slowness shows as latency instead of being hidden by moving its load elsewhere.
 * </ul>
 *
 * <p>Used by the sender thread only.
 */
final class ClickRouting {
  /** What {@link #send} returns when no target has a connection. */
  static final int UNSENT = -1;

  /** One click target: a {@link ClickClient} in production, a stub in tests. */
  interface Target {
    ClickClient.Send send(PlannedClick click, long intendedNanos);
  }

  private final List<Target> targets;

  ClickRouting(List<Target> targets) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("need at least one click target");
    }
    this.targets = List.copyOf(targets);
  }

  /**
   * Sends click number {@code sequence}, waiting while its target is busy.
   *
   * @return the index of the target that took the click, or {@link #UNSENT} if none has a
   *     connection
   */
  int send(PlannedClick click, long sequence, long intendedNanos) {
    int n = targets.size();
    int last = click.lastTarget();
    int start = (int) Math.floorMod(sequence, (long) n);
    for (int k = 0; k < n; k++) {
      int target = (start + k) % n;
      if (target != last && sendOrWait(target, click, intendedNanos)) {
        return target;
      }
    }
    // Every other target is down (or there is only one): a repeat on the same service beats none.
    return last != PlannedClick.NO_TARGET && sendOrWait(last, click, intendedNanos) ? last : UNSENT;
  }

  /** False if the target has no connection. */
  private boolean sendOrWait(int target, PlannedClick click, long intendedNanos) {
    while (true) {
      switch (targets.get(target).send(click, intendedNanos)) {
        case TAKEN:
          return true;
        case NO_CONNECTION:
          return false;
        case ALL_BUSY:
          // Waiting here is the server's slowness; the latency (from `intendedNanos`) shows it.
          LockSupport.parkNanos(20_000L);
          break;
      }
    }
  }
}
