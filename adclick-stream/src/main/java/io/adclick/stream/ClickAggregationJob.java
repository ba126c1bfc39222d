package io.adclick.stream;

import io.adclick.event.ClickEvent;
import io.adclick.event.ClickKind;
import io.adclick.store.BucketCount;
import io.adclick.token.ImpressionId;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The click aggregation job: Kafka clicks, first click per impression, running totals per ad and
 * minute/hour/day bucket, metrics store; and every click read archived as Parquet ({@link
 * ClickArchive}). The same graph runs on the embedded MiniCluster and on a Flink cluster;
 * checkpointing and parallelism are the caller's to configure.
 */
public final class ClickAggregationJob {

  public static final String JOB_NAME = "adclick-aggregation";

  /** Default checkpoint interval for {@link #main} when the cluster configures none. */
  static final long DEFAULT_CHECKPOINT_INTERVAL_MS = 10_000;

  private ClickAggregationJob() {}

  /** Adds the whole pipeline to env (source .. sink). Does not execute. */
  public static void build(StreamExecutionEnvironment env, JobSettings settings) {
    // Safe: no function keeps a reference to a record after handing it on, and records are
    // immutable. Saves a serializer copy of every click between chained operators.
    env.getConfig().enableObjectReuse();
    DataStream<LoggedClick> logged =
        env.fromSource(source(settings), ClickWatermarkStrategy.of(settings), "Kafka clicks")
            .uid("kafka-source");
    // Every click read, before any filter: counted or not, late or not. Forward keeps the archive
    // in the source's chain, so archiving costs no serialization or network hop.
    logged
        .forward()
        .sinkTo(ClickArchive.sink(settings))
        .name("Click archive (Parquet)")
        .uid("click-archive");
    DataStream<ClickEvent> clicks =
        logged.map(new ClickOnly()).name("Click of each record").uid("logged-click");
    aggregate(clicks, settings)
        .late()
        .sinkTo(LateClickSink.of(settings))
        .name("Late clicks topic")
        .uid("late-clicks-sink");
  }

  /**
   * What the pipeline produces besides the store's totals.
   *
   * @param counts running totals per ad and bucket, as written to the store (advertiser totals go
   *     to the store too, but are not part of this stream)
   * @param late clicks past their minute's correction horizon: not counted, kept for reconciliation
   */
  record Outputs(DataStream<BucketCount> counts, DataStream<ClickEvent> late) {}

  /**
   * Everything after the source up to the store, for a stream whose timestamps and watermarks are
   * already set. The late clicks are the caller's to keep.
   */
  static Outputs aggregate(DataStream<ClickEvent> clicks, JobSettings settings) {
    SingleOutputStreamOperator<ClickEvent> firstClicks =
        clicks
            .filter(click -> click.kind() == ClickKind.CANDIDATE)
            .name("Countable clicks")
            .uid("candidate-filter")
            .keyBy(ClickEvent::impressionId, TypeInformation.of(ImpressionId.class))
            .process(new ImpressionDedup(settings.tokenLifetime(), settings.correctionHorizon()))
            .name("Dedup by impression")
            .uid("impression-dedup");
    SingleOutputStreamOperator<BucketCount> counts =
        firstClicks
            .keyBy(CounterKey::of, Types.LONG)
            .process(
                new BucketCounter(
                    settings.flushInterval(),
                    settings.allowedLateness(),
                    settings.correctionHorizon()))
            .name("Count per ad and bucket")
            .uid("bucket-counter");
    SingleOutputStreamOperator<BucketCount> advertiserCounts =
        counts
            .getSideOutput(BucketCounter.ADVERTISER_CLICKS)
            .keyBy(AdvertiserClicks::advertiserId, Types.LONG)
            .process(
                new AdvertiserCounter(
                    settings.flushInterval(),
                    settings.allowedLateness(),
                    settings.correctionHorizon()))
            .name("Count per advertiser")
            .uid("advertiser-counter");
    // Forward keeps the sink in the counters' chains, at their parallelism: one key's totals
    // reach the store in the order they were emitted, and the sink's watermark (the smaller of
    // both counters') follows the totals of both.
    counts
        .union(advertiserCounts)
        .forward()
        .sinkTo(new StoreSink(settings.storeUri(), settings.allowedLateness()))
        .name("Metrics store")
        .uid("store-sink");
    DataStream<ClickEvent> late =
        firstClicks
            .getSideOutput(BucketCounter.LATE)
            .union(counts.getSideOutput(BucketCounter.LATE));
    return new Outputs(counts, late);
  }

  // The connector's committedOffsets() still takes Kafka's deprecated OffsetResetStrategy.
  @SuppressWarnings("deprecation")
  static KafkaSource<LoggedClick> source(JobSettings settings) {
    return KafkaSource.<LoggedClick>builder()
        .setBootstrapServers(settings.bootstrapServers())
        .setTopics(settings.topic())
        // Fetch in batches rather than after every produce: far fewer fetch requests for the
        // broker and the fetcher, for at most 100 ms more delay on results published every 5 s.
        .setProperty("fetch.min.bytes", "65536")
        .setProperty("fetch.max.wait.ms", "100")
        .setGroupId(settings.consumerGroup())
        // Checkpoints restore offsets; committed offsets only matter for a job started afresh.
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(new ClickEventDeserializer())
        .build();
  }

  /** The aggregation needs the click only; chained, so with object reuse it costs a call. */
  private static final class ClickOnly implements MapFunction<LoggedClick, ClickEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public ClickEvent map(LoggedClick logged) {
      return logged.click();
    }
  }

  /**
   * Cluster entry point, e.g. {@code --bootstrap kafka:9092 --store rocksdb:/data/metrics --lake
   * s3://bucket/lake}; see {@link JobSettings#fromArgs}.
   */
  public static void main(String[] args) throws Exception {
    JobSettings settings = JobSettings.fromArgs(args);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
      env.enableCheckpointing(DEFAULT_CHECKPOINT_INTERVAL_MS, CheckpointingMode.EXACTLY_ONCE);
    }
    build(env, settings);
    env.execute(JOB_NAME);
  }
}
