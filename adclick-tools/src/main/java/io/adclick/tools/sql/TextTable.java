package io.adclick.tools.sql;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A query's answer as text: columns aligned (numbers to the right), or CSV (RFC 4180). */
final class TextTable {
  private final List<String> columns = new ArrayList<>();
  private final List<List<JsonNode>> rows = new ArrayList<>();

  /** From an answer {@code {columns, rows, truncated}}. */
  TextTable(JsonNode answer) {
    answer.get("columns").forEach(c -> columns.add(c.asText()));
    for (JsonNode row : answer.get("rows")) {
      List<JsonNode> values = new ArrayList<>();
      row.forEach(values::add);
      rows.add(values);
    }
  }

  void printAligned(PrintWriter out) {
    int[] widths = new int[columns.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = columns.get(c).length();
      for (List<JsonNode> row : rows) {
        widths[c] = Math.max(widths[c], text(row.get(c), "NULL").length());
      }
    }
    List<String> header = new ArrayList<>();
    List<String> rule = new ArrayList<>();
    for (int c = 0; c < widths.length; c++) {
      header.add(pad(columns.get(c), widths[c], false));
      rule.add("-".repeat(widths[c]));
    }
    out.println(String.join("  ", header).stripTrailing());
    out.println(String.join("  ", rule));
    for (List<JsonNode> row : rows) {
      List<String> cells = new ArrayList<>();
      for (int c = 0; c < widths.length; c++) {
        cells.add(pad(text(row.get(c), "NULL"), widths[c], row.get(c).isNumber()));
      }
      out.println(String.join("  ", cells).stripTrailing());
    }
  }

  void printCsv(PrintWriter out) {
    out.print(csvLine(columns) + "\r\n");
    for (List<JsonNode> row : rows) {
      out.print(csvLine(row.stream().map(v -> text(v, "")).toList()) + "\r\n");
    }
  }

  private static String text(JsonNode value, String ifNull) {
    return value.isNull() ? ifNull : value.asText();
  }

  private static String pad(String s, int width, boolean right) {
    String space = " ".repeat(width - s.length());
    return right ? space + s : s + space;
  }

  private static String csvLine(List<String> cells) {
    List<String> quoted = new ArrayList<>();
    for (String cell : cells) {
      boolean quote =
          cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r");
      quoted.add(quote ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
    }
    return String.join(",", quoted);
  }
}
