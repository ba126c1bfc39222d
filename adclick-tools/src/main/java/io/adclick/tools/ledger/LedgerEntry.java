package io.adclick.tools.ledger;

/**
 * One click attempt.
 *
 * @param status the HTTP status when {@code outcome} is {@link Outcome#ANSWERED}, else 0
 * @param intendedMillis when the schedule meant to send it (epoch ms, client clock)
 * @param doneMillis when the answer came, or when the client gave up (epoch ms, client clock)
 * @param forged the token was corrupted on purpose: the server must answer 400
 * @param duplicate the impression had been clicked before in this run
 */
public record LedgerEntry(
    String impressionId,
    long adId,
    Outcome outcome,
    int status,
    long intendedMillis,
    long doneMillis,
    boolean forged,
    boolean duplicate) {

  public boolean redirected() {
    return outcome == Outcome.ANSWERED && status == 302;
  }
}
