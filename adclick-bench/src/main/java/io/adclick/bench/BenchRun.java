package io.adclick.bench;

import io.adclick.app.embedded.EmbeddedAggregation;
import io.adclick.app.embedded.EmbeddedKafkaBroker;
import io.adclick.click.ClickTopic;
import io.adclick.event.ClickEvent;
import io.adclick.store.MetricsStore;
import io.adclick.store.MetricsStores;
import io.adclick.stream.JobSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The phases of one benchmark run against a broker and store in {@code workDir}: fill the topic,
 * drain it with the job, check the counts, checkpoint, stop, and restore.
 */
final class BenchRun {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration STORE_POLL = Duration.ofSeconds(1);

  /**
   * The counter publishes partial totals every flush interval (5 s), but after draining a backlog
   * the watermark leaps from the last click time to the wall clock (the partitions fall idle), and
   * the counter first fires every bucket's final and drop timers of that gap: minutes of work at
   * 100k ads on ForSt before the last totals reach the store.
   */
  private static final Duration STORE_SETTLE = Duration.ofMinutes(15);

  private final BenchSettings settings;
  private final Path workDir;
  private final Progress progress;
  private final Deadline deadline;

  BenchRun(BenchSettings settings, Path workDir, Progress progress) {
    this.settings = settings;
    this.workDir = workDir;
    this.progress = progress;
    this.deadline = new Deadline(settings.timeout());
  }

  BenchReport run() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(workDir.resolve("kafka"), 0)) {
      String bootstrap = broker.bootstrapServers();
      ClickTopic.ensure(bootstrap, JobSettings.DEFAULT_TOPIC, settings.partitions());
      ClickTopic.ensure(
          bootstrap, JobSettings.lateTopicOf(JobSettings.DEFAULT_TOPIC), settings.partitions());
      SyntheticClicks clicks = new SyntheticClicks(settings.plan(), System.currentTimeMillis());
      FillResult fill;
      try (ClickProducer producer = producer(bootstrap)) {
        fill = TopicFill.fill(clicks, settings.plan().clicks(), producer, progress);
      }
      progress.print(
          String.format(
              "filled   %,d clicks in %.1f s: %,.0f clicks/s",
              fill.records(), Rates.seconds(fill.elapsed()), fill.recordsPerSecond()));
      ExpectedCounts expected = clicks.expected();
      // The dedup keys at the checkpoint; the restore probe adds one more afterwards.
      long distinct = expected.firstClicks();
      String storeUri = "rocksdb:" + workDir.resolve("metrics");
      JobSettings job =
          JobSettings.defaults(bootstrap, storeUri, workDir.resolve("lake").toString());
      try (MetricsStore store = MetricsStores.open(storeUri)) {
        Consumed consumed = consume(job, store, expected);
        try (ClickProducer producer = producer(bootstrap)) {
          for (ClickEvent probe : clicks.restoreProbe(System.currentTimeMillis())) {
            producer.send(probe);
          }
          producer.flush();
        }
        RestoreResult restore = restore(job, store, expected);
        return new BenchReport(
            settings,
            distinct,
            fill,
            consumed.result(),
            consumed.checkpoints(),
            restore,
            new MemoryFigures(
                consumed.liveHeapBytes(),
                progress.peakHeapBytes(),
                consumed.rssBytes(),
                Machine.peakRssBytes()),
            progress.maxLoad(),
            Machine.loadAverage());
      }
    }
  }

  private record Consumed(
      ConsumeResult result, CheckpointSummary checkpoints, long liveHeapBytes, long rssBytes) {}

  private Consumed consume(JobSettings job, MetricsStore store, ExpectedCounts expected)
      throws Exception {
    long clicks = settings.plan().clicks();
    long submitted = System.nanoTime();
    try (EmbeddedAggregation aggregation = start(job)) {
      JobProbe probe = new JobProbe(MetricsTap.SHARED, aggregation.jobId());
      long[] firstSeen = {0};
      long caughtUp =
          Await.until(
              "the job draining the topic",
              deadline.remaining(settings.timeout()),
              POLL,
              () -> {
                JobProgress now = probe.progress();
                if (firstSeen[0] == 0 && now.consumed() > 0) {
                  firstSeen[0] = System.nanoTime();
                }
                progress.tick(() -> consumeLine(now, clicks, firstSeen[0], aggregation));
                return now.consumed() >= clicks && now.firstClicks() >= expected.firstClicks();
              });
      JobProgress drained = probe.progress();
      progress.print(consumeLine(drained, clicks, firstSeen[0], aggregation) + "  caught up");
      Stored stored = awaitStore(store, expected);
      long storedAtMillis = System.currentTimeMillis();
      long liveHeap = liveHeapBytes();
      long rss = Machine.rssBytes();
      CheckpointTrace full = awaitCheckpointAfter(aggregation, storedAtMillis);
      long bytesOnDisk = DiskUsage.of(checkpointsDir());
      CheckpointSummary checkpoints =
          CheckpointSummary.of(CheckpointTraces.SHARED.of(aggregation.jobId()), full, bytesOnDisk);
      ConsumeResult result =
          new ConsumeResult(
              Duration.ofNanos(caughtUp - submitted),
              Duration.ofNanos(caughtUp - firstSeen[0]),
              Duration.ofNanos(stored.atNanos() - submitted),
              drained,
              stored.check());
      return new Consumed(result, checkpoints, liveHeap, rss);
    }
  }

  private RestoreResult restore(JobSettings job, MetricsStore store, ExpectedCounts expected)
      throws Exception {
    long started = System.nanoTime();
    try (EmbeddedAggregation aggregation = start(job)) {
      long running =
          Await.until(
              "the restarted job running",
              deadline.remaining(Duration.ofMinutes(10)),
              Duration.ofMillis(20),
              aggregation::isRunning);
      JobProbe probe = new JobProbe(MetricsTap.SHARED, aggregation.jobId());
      long probed =
          Await.until(
              "the probe clicks through dedup after the restore",
              deadline.remaining(Duration.ofMinutes(10)),
              Duration.ofMillis(20),
              () -> {
                JobProgress now = probe.progress();
                return now.duplicates() + now.firstClicks() >= 2;
              });
      CountCheck check = awaitStore(store, expected).check();
      return new RestoreResult(
          Duration.ofNanos(running - started),
          Duration.ofNanos(probed - started),
          probe.progress(),
          check);
    }
  }

  private EmbeddedAggregation start(JobSettings job) throws Exception {
    return EmbeddedAggregation.start(
        job,
        settings.runtime(),
        checkpointsDir(),
        workDir.resolve("job-state"),
        FlinkTelemetry.reporters());
  }

  /**
   * The store's last check, and when it was seen.
   *
   * @param atNanos nanoTime when the totals were first exact, or when waiting for that gave up
   */
  private record Stored(long atNanos, CountCheck check) {}

  /**
   * Waits until the store's totals are exact; on timeout keeps the last (failed) check so the
   * report shows how far off they were instead of only a timeout.
   */
  private Stored awaitStore(MetricsStore store, ExpectedCounts expected)
      throws InterruptedException {
    CountCheck[] check = {null};
    try {
      long exactAt =
          Await.until(
              "the store's totals matching",
              deadline.remaining(STORE_SETTLE),
              STORE_POLL,
              () -> {
                CountCheck now = StoreTotals.check(store, expected);
                check[0] = now;
                progress.tick(
                    () ->
                        String.format(
                            "store    %,12d / %,d stored, %,d ads not yet exact",
                            now.stored(), now.expected(), now.wrongAds()));
                return now.passed();
              });
      return new Stored(exactAt, check[0]);
    } catch (TimeoutException e) {
      progress.print("store    not exact in time: " + check[0]);
      return new Stored(System.nanoTime(), check[0]);
    }
  }

  /**
   * The checkpoint that holds every dedup key, taken once the job is quiet: the first one triggered
   * after the store's totals were exact.
   */
  private CheckpointTrace awaitCheckpointAfter(EmbeddedAggregation aggregation, long millis)
      throws TimeoutException, InterruptedException {
    Await.until(
        "a checkpoint after the catch-up",
        deadline.remaining(settings.runtime().checkpointInterval().multipliedBy(3).plusMinutes(5)),
        POLL,
        () -> firstAfter(aggregation, millis) != null);
    return firstAfter(aggregation, millis);
  }

  private static CheckpointTrace firstAfter(EmbeddedAggregation aggregation, long millis) {
    List<CheckpointTrace> all = CheckpointTraces.SHARED.of(aggregation.jobId());
    return all.stream().filter(c -> c.triggeredAtMillis() >= millis).findFirst().orElse(null);
  }

  /** Heap in use right after a full collection: what the job's state holds on the heap. */
  private static long liveHeapBytes() {
    System.gc();
    return Machine.heapUsedBytes();
  }

  private static String consumeLine(
      JobProgress now, long clicks, long firstSeenNanos, EmbeddedAggregation aggregation) {
    double rate =
        firstSeenNanos == 0
            ? 0
            : Rates.perSecond(now.consumed(), Duration.ofNanos(System.nanoTime() - firstSeenNanos));
    return String.format(
        "consume  %,12d / %,d read (%,.0f/s)  %,10d counted  %,8d dup  %d late  lag %,d  %s",
        now.consumed(),
        clicks,
        rate,
        now.firstClicks(),
        now.duplicates(),
        now.late(),
        clicks - now.consumed(),
        aggregation.status());
  }

  private ClickProducer producer(String bootstrap) {
    return new ClickProducer(bootstrap, JobSettings.DEFAULT_TOPIC, settings.compression());
  }

  private Path checkpointsDir() {
    return workDir.resolve("checkpoints");
  }
}
