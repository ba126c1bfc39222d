package io.adclick.tools.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code 500ms}, {@code 90s}, {@code 2m}, {@code 1h}, or an ISO-8601 duration. */
public final class ToolDuration implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String v = value.strip().toUpperCase(Locale.ROOT);
    try {
      if (v.endsWith("MS")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      return Duration.parse(v.startsWith("P") ? v : "PT" + v);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration (e.g. 500ms, 90s, 2m, 1h, PT5S)");
    }
  }
}
