package io.adclick.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the machine and this process look like right now. The machine is shared, so every figure is
 * reported with the load average it was measured under.
 */
public final class Machine {
  private static final Path LOADAVG = Path.of("/proc/loadavg");
  private static final Path STATUS = Path.of("/proc/self/status");

  private Machine() {}

  /** One-minute load average, or -1 where /proc is missing. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(LOADAVG).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static long heapUsedBytes() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Resident memory now: heap, Flink's managed memory, RocksDB/ForSt native memory, page maps. */
  static long rssBytes() {
    return statusKilobytes("VmRSS:") * 1024;
  }

  /** Highest resident memory of this process so far. */
  public static long peakRssBytes() {
    return statusKilobytes("VmHWM:") * 1024;
  }

  static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  private static long statusKilobytes(String field) {
    try {
      List<String> lines = Files.readAllLines(STATUS);
      for (String line : lines) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: reported as 0 rather than failing the benchmark.
    }
    return 0;
  }
}
