package io.adclick.reconcile;

/** A query {@link LakeSql} will not run, or that DuckDB refused; the message says why. */
public final class SqlRefused extends Exception {
  SqlRefused(String message) {
    super(message, null, false, false);
  }
}
