import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time and the allocations go in a JFR recording: CPU samples by thread group, top frames
 * by self samples, top methods by inclusive samples (optionally only on threads whose name matches
 * a pattern), and top allocation sites from {@code jdk.ObjectAllocationSample}.
 *
 * <pre>
 * java bench/loadgen/JfrTop.java recording.jfr [top=15] [thread-regex|""] [from-instant to-instant]
 * </pre>
 */
public final class JfrTop {

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    Pattern only = args.length > 2 && !args[2].isEmpty() ? Pattern.compile(args[2]) : null;
    // optional window (ISO instants): a dump holds whole chunks, often more than was asked for
    java.time.Instant from = args.length > 3 ? java.time.Instant.parse(args[3]) : null;
    java.time.Instant to = args.length > 4 ? java.time.Instant.parse(args[4]) : null;

    Map<String, Long> byThreadGroup = new HashMap<>();
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> inclusive = new HashMap<>();
    Map<String, Long> selfPackage = new HashMap<>();
    Map<String, Long> allocByType = new HashMap<>();
    Map<String, Long> allocBySite = new HashMap<>();
    Map<String, Long> allocByThreadGroup = new HashMap<>();
    Map<String, double[]> cpuByThread = new HashMap<>(); // thread -> {sum, count}
    Map<String, String> groupOfThread = new HashMap<>();
    long gcCount = 0;
    double gcPauseTotalMs = 0;
    double gcPauseMaxMs = 0;
    java.time.Instant first = null;
    java.time.Instant last = null;
    long samples = 0;
    long matched = 0;
    long allocTotal = 0;
    long allocMatched = 0;

    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      String type = e.getEventType().getName();
      if ((from != null && e.getStartTime().isBefore(from))
          || (to != null && e.getStartTime().isAfter(to))) {
        continue;
      }
      if (first == null || e.getStartTime().isBefore(first)) {
        first = e.getStartTime();
      }
      if (last == null || e.getEndTime().isAfter(last)) {
        last = e.getEndTime();
      }
      if (type.equals("jdk.ThreadCPULoad")) {
        RecordedThread t = e.getThread("eventThread");
        String name = t == null ? "?" : String.valueOf(t.getJavaName()) + "#" + t.getJavaThreadId();
        groupOfThread.put(name, threadGroup(t == null ? "?" : String.valueOf(t.getJavaName())));
        double[] acc = cpuByThread.computeIfAbsent(name, k -> new double[2]);
        acc[0] += e.getFloat("user") + e.getFloat("system");
        acc[1]++;
        continue;
      }
      if (type.equals("jdk.GarbageCollection")) {
        gcCount++;
        double ms = e.getDuration("sumOfPauses").toNanos() / 1e6;
        gcPauseTotalMs += ms;
        gcPauseMaxMs = Math.max(gcPauseMaxMs, ms);
        continue;
      }
      boolean exec = type.equals("jdk.ExecutionSample");
      boolean alloc = type.equals("jdk.ObjectAllocationSample");
      if (!exec && !alloc) {
        continue;
      }
      RecordedThread thread =
          e.hasField("sampledThread") ? e.getThread("sampledThread") : e.getThread("eventThread");
      String threadName = thread == null ? "?" : String.valueOf(thread.getJavaName());
      String group = threadGroup(threadName);
      boolean keep = only == null || only.matcher(threadName).find();
      RecordedStackTrace st = e.getStackTrace();
      List<RecordedFrame> frames = st == null ? List.of() : st.getFrames();
      if (exec) {
        samples++;
        byThreadGroup.merge(group, 1L, Long::sum);
        if (!keep) {
          continue;
        }
        matched++;
        if (!frames.isEmpty()) {
          String f = frame(frames.get(0));
          self.merge(f, 1L, Long::sum);
          selfPackage.merge(pkg(frames.get(0)), 1L, Long::sum);
        }
        Set<String> seen = new HashSet<>();
        for (RecordedFrame fr : frames) {
          String m = method(fr);
          if (seen.add(m)) {
            inclusive.merge(m, 1L, Long::sum);
          }
        }
      } else {
        long weight = e.getLong("weight");
        allocTotal += weight;
        allocByThreadGroup.merge(group, weight, Long::sum);
        if (!keep) {
          continue;
        }
        allocMatched += weight;
        String cls = e.getClass("objectClass").getName();
        allocByType.merge(cls, weight, Long::sum);
        // first frame outside java.*/jdk.*/sun.* is the interesting allocation site
        String site = frames.isEmpty() ? "?" : frame(frames.get(0));
        for (RecordedFrame fr : frames) {
          String t = fr.getMethod().getType().getName();
          if (!(t.startsWith("java.") || t.startsWith("jdk.") || t.startsWith("sun."))) {
            site = frame(fr);
            break;
          }
        }
        allocBySite.merge(site + "  [" + cls + "]", weight, Long::sum);
      }
    }

    int cores = Runtime.getRuntime().availableProcessors();
    double seconds =
        first == null ? 0 : java.time.Duration.between(first, last).toMillis() / 1000.0;
    System.out.printf("recording: %.1f s%n", seconds);
    if (!cpuByThread.isEmpty()) {
      // jdk.ThreadCPULoad is a fraction of the whole machine; shown here as % of one core
      Map<String, Long> cpu = new HashMap<>();
      double total = 0;
      for (Map.Entry<String, double[]> t : cpuByThread.entrySet()) {
        double avgPctOfCore = t.getValue()[0] / t.getValue()[1] * cores * 100;
        total += avgPctOfCore;
        cpu.merge(groupOfThread.get(t.getKey()), Math.round(avgPctOfCore * 10), Long::sum);
      }
      System.out.printf(
          "%n-- CPU by thread group from jdk.ThreadCPULoad (average %% of one core; JVM total"
              + " %.0f%% of one core, %d cores) --%n",
          total, cores);
      List<Map.Entry<String, Long>> list = new ArrayList<>(cpu.entrySet());
      list.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
      for (int i = 0; i < Math.min(top, list.size()); i++) {
        System.out.printf("%7.1f%%  %s%n", list.get(i).getValue() / 10.0, list.get(i).getKey());
      }
    }
    System.out.printf(
        "%nGC: %d collections, %.0f ms paused in total (%.1f%% of the recording), longest %.1f"
            + " ms%n",
        gcCount, gcPauseTotalMs, seconds == 0 ? 0 : gcPauseTotalMs / 10 / seconds, gcPauseMaxMs);
    System.out.printf("%nCPU samples: %d in total%n", samples);
    print("CPU samples by thread group", byThreadGroup, samples, top);
    String scope = only == null ? "all threads" : "threads matching /" + only + "/";
    System.out.printf("%n%d samples on %s%n", matched, scope);
    print("top frames by self samples (" + scope + ")", self, matched, top);
    print("top packages by self samples (" + scope + ")", selfPackage, matched, top);
    print("top methods by inclusive samples (" + scope + ")", inclusive, matched, top + 10);
    System.out.printf("%nallocation samples: %.1f MB sampled weight in total%n", allocTotal / 1e6);
    print("allocated bytes by thread group", allocByThreadGroup, allocTotal, top);
    print("allocated bytes by class (" + scope + ")", allocByType, allocMatched, top);
    print("allocation sites (" + scope + ")", allocBySite, allocMatched, top);
  }

  private static final Pattern DIGITS = Pattern.compile("[-#]?\\d+");

  private static String threadGroup(String name) {
    return DIGITS.matcher(name).replaceAll("-N");
  }

  private static String method(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static String frame(RecordedFrame f) {
    return method(f) + ":" + f.getLineNumber();
  }

  private static String pkg(RecordedFrame f) {
    String t = f.getMethod().getType().getName();
    int dot = t.lastIndexOf('.');
    return dot < 0 ? t : t.substring(0, dot);
  }

  private static void print(String title, Map<String, Long> counts, long total, int top) {
    System.out.printf("%n-- %s --%n", title);
    List<Map.Entry<String, Long>> list = new ArrayList<>(counts.entrySet());
    list.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
    for (int i = 0; i < Math.min(top, list.size()); i++) {
      Map.Entry<String, Long> e = list.get(i);
      System.out.printf(
          "%6.1f%%  %12d  %s%n",
          100.0 * e.getValue() / Math.max(1, total), e.getValue(), e.getKey());
    }
  }
}
