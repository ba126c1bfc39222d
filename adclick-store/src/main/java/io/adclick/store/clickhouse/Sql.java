package io.adclick.store.clickhouse;

import java.util.regex.Pattern;

/**
 * The one place SQL text is put together. The oldest server this adapter supports (18.16) has no
 * query parameters ({@code {name:Type}} with {@code param_name}, added in 19.x), so values go into
 * the SQL text, but only as Java {@code long}s: {@link #render} fills each {@code ?} of a template
 * written in code with a number, which cannot carry SQL. Row data is never in SQL text at all: it
 * travels in the body of an {@code INSERT ... FORMAT TabSeparated}, and the database name travels
 * as the HTTP {@code database} parameter. The only name that must appear in SQL text (in {@code
 * CREATE DATABASE}) passes {@link #identifier}, which admits letters, digits and underscores only.
 */
final class Sql {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  private Sql() {}

  /**
   * The template with its {@code ?}s replaced, in order, by the values. Negative values are
   * parenthesized so that no placement can turn a minus into an operator (e.g. {@code x - ?}).
   *
   * @param template SQL written in code, never text taken from data
   * @throws IllegalArgumentException if the number of {@code ?}s differs from the number of values
   */
  static String render(String template, long... values) {
    StringBuilder out = new StringBuilder(template.length() + 20 * values.length);
    int next = 0;
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c != '?') {
        out.append(c);
        continue;
      }
      if (next == values.length) {
        throw new IllegalArgumentException("more placeholders than values in: " + template);
      }
      long v = values[next++];
      out.append(v < 0 ? "(" + v + ")" : Long.toString(v));
    }
    if (next != values.length) {
      throw new IllegalArgumentException(
          values.length + " values for " + next + " placeholders in: " + template);
    }
    return out.toString();
  }

  /**
   * A database or table name, back-quoted for SQL.
   *
   * @throws IllegalArgumentException unless it is 1 to 64 letters, digits or underscores, not
   *     starting with a digit
   */
  static String identifier(String name) {
    return "`" + checkIdentifier(name) + "`";
  }

  /** The name itself if it is a valid identifier; see {@link #identifier}. */
  static String checkIdentifier(String name) {
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "ClickHouse database name '"
              + name
              + "' must be 1 to 64 letters, digits or underscores, not starting with a digit");
    }
    return name;
  }
}
