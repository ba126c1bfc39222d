package io.adclick.store.clickhouse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the body of a ClickHouse error answer into one readable line. Old servers answer {@code
 * Code: 60, e.displayText() = DB::Exception: Table x doesn't exist., e.what() = DB::Exception},
 * current ones {@code Code: 60. DB::Exception: Table x does not exist. (UNKNOWN_TABLE) (version
 * ...)}; either may be followed by a stack trace, which is cut off: it helps nobody reading our
 * logs and tells an attacker about the server.
 */
final class ServerError {

  static final int MAX_LENGTH = 500;

  private static final Pattern CODE = Pattern.compile("^Code: (\\d+)");
  private static final Pattern STACK = Pattern.compile("(?i)\\s*(stack trace|\\n\\s*0\\. )");
  private static final String OLD_PREFIX = ", e.displayText() = ";
  private static final String OLD_SUFFIX = ", e.what() = DB::Exception";

  private ServerError() {}

  /** ClickHouse's error code from the body, or 0 if it has none. */
  static int code(String body) {
    Matcher m = CODE.matcher(body == null ? "" : body.strip());
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** The error's message on one line, without stack trace, at most {@link #MAX_LENGTH} chars. */
  static String message(String body) {
    String text = body == null ? "" : body.strip();
    Matcher stack = STACK.matcher(text);
    if (stack.find()) {
      text = text.substring(0, stack.start());
    }
    text = text.replace(OLD_PREFIX, ": ").replace(OLD_SUFFIX, "");
    text = text.replaceAll("\\s+", " ").strip();
    if (text.isEmpty()) {
      return "(no message)";
    }
    return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "..." : text;
  }
}
