package io.adclick.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerErrorTest {

  private static final String OLD =
      "Code: 60, e.displayText() = DB::Exception: Table adclick.ad_minute doesn't exist.,"
          + " e.what() = DB::Exception\n";

  private static final String CURRENT =
      "Code: 60. DB::Exception: Table adclick.ad_minute does not exist. (UNKNOWN_TABLE)"
          + " (version 24.3.1.1)\nStack trace:\n0. DB::Exception::Exception() @ 0x1\n"
          + "1. DB::Context::getTable() @ 0x2\n";

  @Test
  void readsTheCodeOfOldAndCurrentServers() {
    assertThat(ServerError.code(OLD)).isEqualTo(60);
    assertThat(ServerError.code(CURRENT)).isEqualTo(60);
    assertThat(ServerError.code("Bad gateway")).isZero();
    assertThat(ServerError.code(null)).isZero();
  }

  @Test
  void keepsTheMessageOnOneLineWithoutStackTrace() {
    assertThat(ServerError.message(OLD))
        .isEqualTo("Code: 60: DB::Exception: Table adclick.ad_minute doesn't exist.");
    assertThat(ServerError.message(CURRENT))
        .isEqualTo(
            "Code: 60. DB::Exception: Table adclick.ad_minute does not exist. (UNKNOWN_TABLE)"
                + " (version 24.3.1.1)");
    assertThat(ServerError.message("Code: 1. boom\n0. DB::f() @ 0x1")).isEqualTo("Code: 1. boom");
  }

  @Test
  void capsLongMessagesAndNamesAnEmptyOne() {
    assertThat(ServerError.message("x".repeat(5000))).hasSize(ServerError.MAX_LENGTH + 3);
    assertThat(ServerError.message("  \n")).isEqualTo("(no message)");
    assertThat(ServerError.message(null)).isEqualTo("(no message)");
  }
}
