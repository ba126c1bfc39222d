package io.adclick.tools.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  @Test
  void outsideATerminalEachChangeIsALineOfItsOwn() {
    StringWriter out = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(out), false);

    bar.show(0, 2880);
    bar.show(0, 2880);
    bar.show(1440, 2880);
    bar.finish();

    assertThat(out.toString().replace(System.lineSeparator(), "\n"))
        .isEqualTo("  0%  0/2,880 minutes compared\n" + " 50%  1,440/2,880 minutes compared\n");
  }

  @Test
  void onATerminalTheBarIsRedrawnInPlace() {
    StringWriter out = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(out), true);

    bar.show(1440, 2880);
    bar.finish();

    assertThat(out.toString())
        .startsWith("\r[###############...............]  50%  1,440/2,880 minutes compared")
        .endsWith(System.lineSeparator());
  }
}
