package io.adclick.tools.ledger;

/** What became of one click attempt, as far as the client can tell. */
public enum Outcome {
  /** The server answered with an HTTP status. */
  ANSWERED,
  /** The request went out (at least partly) but the connection broke before an answer. */
  ERROR,
  /** The request went out and no answer came within the timeout. */
  TIMEOUT,
  /** No connection could carry it: nothing reached the server. */
  UNSENT;

  /** Sent without an answer: the server may or may not have logged the click. */
  public boolean ambiguous() {
    return this == ERROR || this == TIMEOUT;
  }
}
