package io.adclick.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

  @Test
  void quotesOnlyFieldsThatNeedIt() {
    Csv csv =
        new Csv(
            List.of("adId", "name", "clicks"),
            List.of(
                List.of(1L, "plain", 3L),
                List.of(2L, "Sale, \"50%\" off", 0L),
                List.of(3L, "two\nlines", 1L),
                Arrays.asList(4L, null, 2L)));

    assertThat(new String(csv.bytes(), StandardCharsets.UTF_8))
        .isEqualTo(
            "adId,name,clicks\r\n"
                + "1,plain,3\r\n"
                + "2,\"Sale, \"\"50%\"\" off\",0\r\n"
                + "3,\"two\nlines\",1\r\n"
                + "4,,2\r\n");
  }

  @Test
  void anEmptyTableIsItsHeader() {
    assertThat(new String(new Csv(List.of("a", "b"), List.of()).bytes(), StandardCharsets.UTF_8))
        .isEqualTo("a,b\r\n");
  }

  @Test
  void textThatASpreadsheetWouldRunAsAFormulaIsWrittenAsText() {
    Csv csv =
        new Csv(
            List.of("adId", "name", "clicks"),
            List.of(
                List.of(1L, "=HYPERLINK(\"http://evil.example\",\"x\")", 5L),
                List.of(2L, "+1", -3L),
                List.of(3L, "@sum", 0L),
                List.of(4L, "-", 0L),
                List.of(5L, "Sale -50%", 0L)));

    assertThat(new String(csv.bytes(), StandardCharsets.UTF_8))
        .isEqualTo(
            "adId,name,clicks\r\n"
                + "1,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",5\r\n"
                + "2,'+1,-3\r\n"
                + "3,'@sum,0\r\n"
                + "4,'-,0\r\n"
                + "5,Sale -50%,0\r\n");
  }
}
