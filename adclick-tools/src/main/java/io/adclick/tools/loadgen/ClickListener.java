package io.adclick.tools.loadgen;

import io.adclick.tools.ledger.Outcome;

/** Learns what became of each click; called once per click, from the client's threads. */
interface ClickListener {
  /**
   * @param status the HTTP status when answered, else 0
   */
  void completed(
      PlannedClick click, long intendedNanos, long doneNanos, Outcome outcome, int status);
}
