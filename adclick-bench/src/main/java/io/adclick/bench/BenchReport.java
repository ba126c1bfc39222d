package io.adclick.bench;

import java.time.Duration;
import java.util.Locale;

/** Everything one run measured, as a human summary and as one machine-readable line. */
record BenchReport(
    BenchSettings settings,
    long distinctImpressions,
    FillResult fill,
    ConsumeResult consume,
    CheckpointSummary checkpoints,
    RestoreResult restore,
    MemoryFigures memory,
    double maxLoad,
    double endLoad) {

  static final String MACHINE_LINE_PREFIX = "JOBBENCH ";

  boolean passed() {
    return consume.check().passed() && consume.progress().late() == 0 && restore.passed();
  }

  double consumeRate() {
    return Rates.perSecond(fill.records(), consume.sinceSubmit());
  }

  double steadyConsumeRate() {
    return Rates.perSecond(fill.records(), consume.sinceFirstClick());
  }

  String summary() {
    ClickPlan plan = settings.plan();
    CheckpointTrace last = checkpoints.last();
    return String.join(
        "\n",
        "== Job throughput and state at scale ==",
        String.format(
            "machine     %d cores, load average max %.2f during the run, %.2f at the end",
            Machine.cores(), maxLoad, endLoad),
        String.format(
            "job         state backend %s, parallelism %d, %d partitions, checkpoints every %s",
            settings.runtime().stateBackend().flinkName(),
            settings.runtime().parallelism(),
            settings.partitions(),
            seconds(settings.runtime().checkpointInterval())),
        String.format(
            "topic       %,d clicks over %,d ads, %,d distinct impressions (%,d repeats)",
            fill.records(), plan.ads(), distinctImpressions, fill.records() - distinctImpressions),
        String.format(
            "fill        %,.0f clicks/s, %.1f MB/s (one producer, compression %s, acks=all)",
            fill.recordsPerSecond(), fill.megabytesPerSecond(), settings.compression()),
        String.format(
            "consume     %,.0f clicks/s from submit (%s), %,.0f clicks/s from the first click;"
                + " totals in the store after %s",
            consumeRate(),
            seconds(consume.sinceSubmit()),
            steadyConsumeRate(),
            seconds(consume.untilStored())),
        String.format(
            "check       store total %,d of %,d expected, %d ads off, %d late -> %s",
            consume.check().stored(),
            consume.check().expected(),
            consume.check().wrongAds(),
            consume.progress().late(),
            consume.check().passed() ? "exact" : "WRONG"),
        String.format(
            "checkpoints %d completed, duration p50 %s, max %s",
            checkpoints.count(), millis(checkpoints.p50()), millis(checkpoints.max())),
        String.format(
            "at %,d keys checkpoint %d took %s: full state %s, uploaded %s; on disk %s"
                + " (retained checkpoints + shared files)",
            distinctImpressions,
            last.id(),
            millis(last.duration()),
            mib(last.fullBytes()),
            mib(last.uploadedBytes()),
            mib(checkpoints.bytesOnDisk())),
        String.format(
            "restore     RUNNING after %s, state restored and probe clicks processed after %s;"
                + " repeat recognised %s, store %s",
            seconds(restore.untilRunning()),
            seconds(restore.untilProbed()),
            restore.progress().duplicates() == 1 ? "yes" : "NO",
            restore.check().passed() ? "exact" : "WRONG"),
        String.format(
            "memory      live heap %s after catch-up (peak seen %s), RSS %s (peak %s)",
            mib(memory.liveHeapBytes()),
            mib(memory.peakHeapBytes()),
            mib(memory.rssBytes()),
            mib(memory.peakRssBytes())),
        String.format("result      %s", passed() ? "PASS" : "FAIL"));
  }

  String machineLine() {
    return MACHINE_LINE_PREFIX
        + String.format(
            Locale.ROOT,
            "clicks=%d distinct=%d ads=%d users=%d partitions=%d parallelism=%d backend=%s"
                + " fill_eps=%.0f fill_mbps=%.1f consume_eps=%.0f consume_steady_eps=%.0f"
                + " consume_s=%.1f stored_s=%.1f checkpoints=%d checkpoint_p50_ms=%d"
                + " checkpoint_max_ms=%d checkpoint_last_ms=%d checkpoint_full_bytes=%d"
                + " checkpoint_uploaded_bytes=%d checkpoint_disk_bytes=%d restore_running_s=%.1f"
                + " restore_s=%.1f heap_live_mb=%d heap_peak_mb=%d rss_mb=%d rss_peak_mb=%d"
                + " cores=%d load_max=%.2f load_end=%.2f check=%s",
            fill.records(),
            distinctImpressions,
            settings.plan().ads(),
            settings.plan().users(),
            settings.partitions(),
            settings.runtime().parallelism(),
            settings.runtime().stateBackend().flinkName(),
            fill.recordsPerSecond(),
            fill.megabytesPerSecond(),
            consumeRate(),
            steadyConsumeRate(),
            Rates.seconds(consume.sinceSubmit()),
            Rates.seconds(consume.untilStored()),
            checkpoints.count(),
            checkpoints.p50().toMillis(),
            checkpoints.max().toMillis(),
            checkpoints.last().duration().toMillis(),
            checkpoints.last().fullBytes(),
            checkpoints.last().uploadedBytes(),
            checkpoints.bytesOnDisk(),
            Rates.seconds(restore.untilRunning()),
            Rates.seconds(restore.untilProbed()),
            memory.liveHeapBytes() >> 20,
            memory.peakHeapBytes() >> 20,
            memory.rssBytes() >> 20,
            memory.peakRssBytes() >> 20,
            Machine.cores(),
            maxLoad,
            endLoad,
            passed() ? "pass" : "fail");
  }

  private static String seconds(Duration d) {
    return String.format("%.1f s", Rates.seconds(d));
  }

  private static String millis(Duration d) {
    return d.toMillis() + " ms";
  }

  private static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / 1048576.0);
  }
}
