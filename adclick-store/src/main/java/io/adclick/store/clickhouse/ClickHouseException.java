package io.adclick.store.clickhouse;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A failed request to ClickHouse: the server's error code and message (never its stack trace), or
 * why the server could not be reached.
 */
final class ClickHouseException extends UncheckedIOException {

  /** ClickHouse's "table already exists" and "database already exists". */
  static final int TABLE_ALREADY_EXISTS = 57;

  static final int DATABASE_ALREADY_EXISTS = 82;

  private final int code;

  ClickHouseException(String message, int code) {
    super(new IOException(message));
    this.code = code;
  }

  ClickHouseException(String message, IOException cause) {
    super(message, cause);
    this.code = 0;
  }

  /** ClickHouse's error code, or 0 if the server gave none (or was not reached). */
  int code() {
    return code;
  }
}
