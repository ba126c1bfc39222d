package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class JobCommandTest {

  private static final String[] REQUIRED = {
    "--kafka", "127.0.0.1:9092",
    "--store", "clickhouse://127.0.0.1:8123/adclick",
    "--lake", "file:///tmp/lake",
    "--checkpoints", "file:///tmp/checkpoints"
  };

  private static int submit(StringWriter err, String... args) {
    CommandLine cli =
        new CommandLine(new JobCommand()).setErr(new PrintWriter(err)).setOut(new PrintWriter(err));
    String[] all = new String[args.length + REQUIRED.length + 1];
    all[0] = "submit";
    System.arraycopy(REQUIRED, 0, all, 1, REQUIRED.length);
    System.arraycopy(args, 0, all, 1 + REQUIRED.length, args.length);
    return cli.execute(all);
  }

  @Test
  void aMissingJobJarIsAUsageErrorSayingHowToBuildIt(@TempDir Path dir) {
    StringWriter err = new StringWriter();

    int exit =
        submit(err, "--flink", "127.0.0.1:8081", "--jar", dir.resolve("none.jar").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("no job jar at").contains("-pl adclick-job");
  }

  @Test
  void aBadFlinkAddressOrStateBackendIsAUsageError() {
    StringWriter err = new StringWriter();
    assertThat(submit(err, "--flink", "jobmanager")).isEqualTo(2);
    assertThat(err.toString()).contains("--flink must be host:port");

    StringWriter err2 = new StringWriter();
    assertThat(submit(err2, "--flink", "jm:8081", "--state-backend", "none-such")).isEqualTo(2);
    assertThat(err2.toString()).contains("unknown state backend 'none-such'");
  }

  @Test
  void anUnreachableClusterFailsTheSubmissionNamingIt(@TempDir Path dir) throws Exception {
    Path jar = java.nio.file.Files.writeString(dir.resolve("adclick-job.jar"), "not read");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort(); // closed again: nothing listens there
    }
    StringWriter err = new StringWriter();

    int exit = submit(err, "--flink", "127.0.0.1:" + port, "--jar", jar.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("cannot reach Flink's REST API at 127.0.0.1:" + port);
  }

  @Test
  void stoppingOnAnUnreachableClusterFailsNamingIt() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    StringWriter out = new StringWriter();
    CommandLine cli =
        new CommandLine(new JobCommand()).setErr(new PrintWriter(out)).setOut(new PrintWriter(out));

    int exit = cli.execute("stop", "--flink", "127.0.0.1:" + port);

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).contains("cannot reach Flink's REST API at 127.0.0.1:" + port);
  }
}
