package io.adclick.reconcile;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The rows of one recount as DuckDB produces them, in (advertiser, ad, minute) order. Holds the
 * recount's in-memory database until closed.
 */
public final class RecountCursor implements Iterator<RecountedMinute>, AutoCloseable {

  static final RecountCursor EMPTY = new RecountCursor(null, null);

  private final Connection db;
  private final ResultSet rows;
  private RecountedMinute next;
  private boolean done;

  RecountCursor(Connection db, ResultSet rows) {
    this.db = db;
    this.rows = rows;
    this.done = rows == null;
  }

  @Override
  public boolean hasNext() {
    if (next == null && !done) {
      try {
        if (rows.next()) {
          next =
              new RecountedMinute(
                  rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4));
        } else {
          done = true;
        }
      } catch (SQLException e) {
        throw new IllegalStateException("the recount failed: " + e.getMessage(), e);
      }
    }
    return next != null;
  }

  @Override
  public RecountedMinute next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    RecountedMinute out = next;
    next = null;
    return out;
  }

  @Override
  public void close() throws SQLException {
    if (db != null) {
      db.close();
    }
  }
}
