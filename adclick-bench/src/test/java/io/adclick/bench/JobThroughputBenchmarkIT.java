package io.adclick.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

class JobThroughputBenchmarkIT {

  @Test
  @Timeout(120)
  void smallRunCountsExactlyAndReportsEveryFigure() {
    StringWriter output = new StringWriter();
    CommandLine command = new CommandLine(new JobThroughputBenchmark());
    command.setOut(new PrintWriter(output, true));

    int exit =
        command.execute(
            "--clicks", "20000",
            "--ads", "500",
            "--checkpoint-interval-ms", "1000",
            "--timeout-minutes", "2");

    assertThat(exit).as(output.toString()).isZero();
    Map<String, String> figures = machineLine(output.toString());
    assertThat(figures)
        .containsEntry("check", "pass")
        .containsEntry("clicks", "20000")
        .containsEntry("backend", "forst")
        .containsKeys(
            "fill_eps",
            "consume_eps",
            "checkpoint_p50_ms",
            "checkpoint_max_ms",
            "checkpoint_full_bytes",
            "checkpoint_disk_bytes",
            "restore_s",
            "heap_live_mb",
            "rss_mb",
            "load_max");
    // About 5% repeats: the distinct count is what dedup had to find, not the clicks written.
    assertThat(Long.parseLong(figures.get("distinct"))).isBetween(18_500L, 19_500L);
    assertThat(Double.parseDouble(figures.get("consume_eps"))).isPositive();
    assertThat(Long.parseLong(figures.get("checkpoint_full_bytes"))).isPositive();
    assertThat(Double.parseDouble(figures.get("restore_s"))).isPositive();
  }

  private static Map<String, String> machineLine(String output) {
    String line =
        output
            .lines()
            .filter(l -> l.startsWith(BenchReport.MACHINE_LINE_PREFIX))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no JOBBENCH line in:\n" + output));
    return Arrays.stream(line.substring(BenchReport.MACHINE_LINE_PREFIX.length()).split(" "))
        .map(pair -> pair.split("=", 2))
        .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
  }
}
