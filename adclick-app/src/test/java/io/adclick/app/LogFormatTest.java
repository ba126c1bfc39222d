package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server's logback.xml, as shipped: text by default, one JSON object a line on request. */
class LogFormatTest {

  @Test
  void jsonOnRequestIsOneObjectPerLine() throws Exception {
    List<String> lines = logWith("json");

    assertThat(lines).hasSize(1);
    JsonNode event = ApiClient.JSON.readTree(lines.get(0));
    assertThat(event.get("level").asText()).isEqualTo("INFO");
    assertThat(event.get("loggerName").asText()).isEqualTo("io.adclick.app.Example");
    assertThat(event.get("formattedMessage").asText()).isEqualTo("listening on port 8080");
  }

  @Test
  void textByDefault() throws Exception {
    List<String> lines = logWith(null);

    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains("INFO", "io.adclick.app.Example", "- listening on port 8080");
  }

  /** Configures a fresh logging context from logback.xml and logs one line into a buffer. */
  private static List<String> logWith(String format) throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      LoggerContext context = new LoggerContext();
      context.setMDCAdapter(new LogbackMDCAdapter());
      if (format != null) {
        context.putProperty("ADCLICK_LOG_FORMAT", format);
      }
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
      context.getLogger("io.adclick.app.Example").info("listening on port {}", 8080);
      context.stop();
    } finally {
      System.setErr(original);
    }
    // Configuration problems would print logback's status lines first: there must be none.
    return buffer.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
  }
}
