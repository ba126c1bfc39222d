package io.adclick.tools.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TextTableTest {
  private static final String ANSWER =
      "{\"columns\":[\"kind\",\"clicks\"],"
          + "\"rows\":[[\"CANDIDATE\",1234],[null,5],[\"say \\\"a,b\\\"\",0]],\"truncated\":false}";

  @Test
  void alignsColumnsWithNumbersToTheRight() throws Exception {
    assertThat(print(false))
        .isEqualTo(
            "kind       clicks\n"
                + "---------  ------\n"
                + "CANDIDATE    1234\n"
                + "NULL            5\n"
                + "say \"a,b\"       0\n");
  }

  @Test
  void csvQuotesWhatNeedsItAndLeavesNullsEmpty() throws Exception {
    assertThat(print(true))
        .isEqualTo("kind,clicks\r\nCANDIDATE,1234\r\n,5\r\n\"say \"\"a,b\"\"\",0\r\n");
  }

  private static String print(boolean csv) throws Exception {
    TextTable table = new TextTable(new ObjectMapper().readTree(ANSWER));
    StringWriter out = new StringWriter();
    PrintWriter writer = new PrintWriter(out);
    if (csv) {
      table.printCsv(writer);
    } else {
      table.printAligned(writer);
    }
    writer.flush();
    return out.toString().replace(System.lineSeparator(), "\n");
  }
}
