package io.adclick.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class LoadgenCommandTest {

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:8081", "https://127.0.0.1:8081", "http://", "http://a b:1"})
  void aClickTargetThatIsNotHttpHostPortIsAUsageError(String clickTarget) {
    StringWriter err = new StringWriter();

    // Port 1 as --target: were the click target let through, the run would fail at once, not
    // click some server that happens to listen here.
    int exit =
        new CommandLine(new LoadgenCommand())
            .setErr(new PrintWriter(err))
            .execute(
                "--admin-token",
                "t",
                "--target",
                "http://127.0.0.1:1",
                "--click-target",
                "http://127.0.0.1:8081",
                "--click-target",
                clickTarget);

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--click-target must be http://host[:port]");
  }
}
