package io.adclick.stream;

import static io.adclick.stream.Clicks.click;
import static org.apache.flink.runtime.jobgraph.DistributionPattern.POINTWISE;
import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.event.ClickEvent;
import io.adclick.event.ClickKind;
import io.adclick.store.BucketTotal;
import io.adclick.store.MetricsStore;
import io.adclick.store.MetricsStores;
import io.adclick.time.Granularity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ClickAggregationJobTest {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @TempDir Path dir;

  @Test
  void everyStatefulOperatorHasAStableUidAndTheSinkTakesBothCountersInOrder() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    ClickAggregationJob.build(
        env,
        JobSettings.defaults("localhost:9092", "rocksdb:" + dir, dir.resolve("lake").toString()));

    StreamGraph graph = env.getStreamGraph();
    assertThat(graph.getStreamNodes())
        .extracting(StreamNode::getTransformationUID)
        .contains(
            "kafka-source",
            "impression-dedup",
            "bucket-counter",
            "advertiser-counter",
            "store-sink",
            "click-archive");

    // Pointwise (forward) edges from both counters: each key's totals reach the store in the
    // order they were emitted, and the sink's watermark waits for both.
    JobGraph job = graph.getJobGraph();
    List<JobVertex> sinks = new ArrayList<>();
    for (JobVertex vertex : job.getVertices()) {
      if (vertex.getName().contains("Metrics store")) {
        sinks.add(vertex);
      }
    }
    assertThat(sinks).hasSize(1);
    assertThat(sinks.get(0).getInputs())
        .hasSize(2)
        .allSatisfy(edge -> assertThat(edge.getDistributionPattern()).isEqualTo(POINTWISE));
  }

  @Test
  void countsFirstCandidateClicksPerAdAndBucketIntoTheStore() throws Exception {
    long base = Granularity.MINUTE.bucketStart(System.currentTimeMillis()) - 10 * 60_000;
    List<ClickEvent> clicks = new ArrayList<>();
    List<ClickEvent> countable = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ClickEvent first = click(1, i, base + i * 20_000);
      clicks.add(first);
      countable.add(first);
      clicks.add(click(1, i, base + i * 20_000 + 500)); // double click
    }
    clicks.add(click(1, 0, base + 100_000)); // same impression, later minute
    clicks.add(click(1, 10, base + 1_000, base - 86_400_000, ClickKind.EXPIRED));
    clicks.add(click(1, 11, base + 2_000, base, ClickKind.HEAD));
    clicks.add(click(1, 12, base + 3_000, base, ClickKind.PREFETCH));
    for (int i = 0; i < 3; i++) {
      ClickEvent other = click(2, i, base + 61_000 + i);
      clicks.add(other);
      countable.add(other);
    }
    String uri = aggregate(clicks, base);

    assertStoreHolds(uri, countable, base);
  }

  @Test
  void spreadsAHotAdOverItsSaltsAndStillCountsEachImpressionOnce() throws Exception {
    long base = Granularity.MINUTE.bucketStart(System.currentTimeMillis()) - 10 * 60_000;
    int salts = 8;
    List<ClickEvent> clicks = new ArrayList<>();
    List<ClickEvent> countable = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      ClickEvent first = Clicks.salted(Clicks.click(1, i, base + i * 300L), i % salts);
      clicks.add(first);
      countable.add(first);
      if (i % 4 == 0) {
        clicks.add(Clicks.salted(Clicks.click(1, i, base + i * 300L + 100), i % salts)); // a repeat
      }
    }
    for (int i = 0; i < 20; i++) {
      ClickEvent quiet = Clicks.click(2, i, base + i * 1_000L);
      clicks.add(quiet);
      countable.add(quiet);
    }
    String uri = aggregate(clicks, base);

    Set<Integer> subtasks = new HashSet<>();
    for (int salt = 0; salt < salts; salt++) {
      long key = CounterKey.of(Clicks.salted(Clicks.click(1, 0, base), salt));
      subtasks.add(KeyGroupRangeAssignment.assignKeyToParallelOperator(key, 128, 2));
    }
    assertThat(subtasks).as("subtasks counting the hot ad").containsExactlyInAnyOrder(0, 1);
    assertStoreHolds(uri, countable, base);
  }

  /** Runs the pipeline after the source over these clicks, at parallelism 2; returns the store. */
  private String aggregate(List<ClickEvent> clicks, long base) throws Exception {
    String uri = "rocksdb:" + dir.resolve("metrics");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(noKryo());
    env.setParallelism(2);
    JobSettings settings = JobSettings.defaults("unused:9092", uri, dir.resolve("lake").toString());
    // A wall clock stopped at the data's start keeps idle progression from overtaking the data.
    MillisClock stopped = () -> base;
    ClickAggregationJob.aggregate(
        env.fromData(clicks, TypeInformation.of(ClickEvent.class))
            .assignTimestampsAndWatermarks(
                ClickWatermarkStrategy.forClicks(
                    settings.maxOutOfOrderness(), settings.idleTimeout(), stopped)),
        settings);
    env.execute("aggregation-test");
    return uri;
  }

  /** Every granularity of ads 1 and 2 holds exactly the countable clicks. */
  private static void assertStoreHolds(String uri, List<ClickEvent> countable, long base) {
    try (MetricsStore store = MetricsStores.open(uri)) {
      for (Granularity g : Granularity.values()) {
        for (long ad : new long[] {1, 2}) {
          assertThat(
                  store.adSeries(
                      g, Clicks.ADVERTISER, ad, base - Granularity.DAY.millis(), base + 86_400_000))
              .as("%s totals of ad %d", g, ad)
              .containsExactlyElementsOf(expected(countable, g, ad));
        }
        // Both ads belong to one advertiser, whose series is their sum: ad ids -1 match all.
        assertThat(
                store.advertiserSeries(
                    g, Clicks.ADVERTISER, base - Granularity.DAY.millis(), base + 86_400_000))
            .as("%s totals of the advertiser", g)
            .containsExactlyElementsOf(expected(countable, g, -1));
      }
    }
  }

  /** Fails the job if any record or state type would fall back to Kryo. */
  private static Configuration noKryo() {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    return conf;
  }

  private static List<BucketTotal> expected(List<ClickEvent> countable, Granularity g, long ad) {
    Map<Long, Long> perBucket =
        countable.stream()
            .filter(c -> ad == -1 || c.adId() == ad)
            .collect(
                Collectors.groupingBy(
                    c -> g.bucketStart(c.clickTimeMillis()), TreeMap::new, Collectors.counting()));
    List<BucketTotal> out = new ArrayList<>();
    perBucket.forEach((start, n) -> out.add(new BucketTotal(start, n)));
    return out;
  }
}
