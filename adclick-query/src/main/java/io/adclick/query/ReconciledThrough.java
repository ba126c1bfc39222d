package io.adclick.query;

/**
 * Up to when the store's counts have been checked against the raw clicks and repaired, as the
 * reconciliation log says; read on every series and totals answer, so it must answer from memory.
 * An interface so that this module needs neither the log nor DuckDB.
 */
@FunctionalInterface
public interface ReconciledThrough {

  /** Where nothing reconciles, e.g. a server without a reconciliation log. */
  ReconciledThrough NEVER = () -> -1;

  /**
   * @return epoch millis, exclusive: every bucket ending by then has been reconciled; -1 before the
   *     first reconciliation
   */
  long epochMillis();
}
