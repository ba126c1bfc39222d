package io.adclick.query;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A table as RFC 4180 CSV: comma-separated, CRLF line ends, fields quoted when they hold a comma,
 * quote or line break. Ad names are free text, so they are the fields that need it.
 *
 * <p>Text that a spreadsheet would run as a formula (starting with {@code = + - @}, a tab or a
 * carriage return) gets a leading {@code '}, which spreadsheets show as text: an ad named {@code
 * =HYPERLINK(...)} must not become a live formula in the advertiser's sheet. Numbers are written as
 * they are.
 */
record Csv(List<String> header, List<List<Object>> rows) {

  static final String CONTENT_TYPE = "text/csv; charset=utf-8";

  Csv {
    header = List.copyOf(header);
    rows = List.copyOf(rows);
  }

  byte[] bytes() {
    StringBuilder out = new StringBuilder(32 * (rows.size() + 1));
    line(out, List.copyOf(header));
    for (List<Object> row : rows) {
      line(out, row);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void line(StringBuilder out, List<?> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      field(out, fields.get(i));
    }
    out.append("\r\n");
  }

  private static void field(StringBuilder out, Object value) {
    String text = value == null ? "" : value.toString();
    if (value instanceof CharSequence && startsLikeAFormula(text)) {
      text = "'" + text;
    }
    boolean quote =
        text.indexOf(',') >= 0
            || text.indexOf('"') >= 0
            || text.indexOf('\n') >= 0
            || text.indexOf('\r') >= 0;
    if (!quote) {
      out.append(text);
      return;
    }
    out.append('"').append(text.replace("\"", "\"\"")).append('"');
  }

  private static boolean startsLikeAFormula(String text) {
    return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0;
  }
}
