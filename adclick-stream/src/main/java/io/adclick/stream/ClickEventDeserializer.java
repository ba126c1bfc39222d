package io.adclick.stream;

import io.adclick.event.ClickEvent;
import io.adclick.event.ClickEventCodec;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes log records into clicks, each with its partition and offset (for the archive). A record
 * this version cannot read is dropped and counted: one bad record must not fail the job, which
 * would replay it and fail again forever.
 */
final class ClickEventDeserializer implements KafkaRecordDeserializationSchema<LoggedClick> {

  static final String UNDECODABLE_METRIC = "undecodableClicks";

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ClickEventDeserializer.class);
  private static final long LOG_EVERY = 1_000;

  private transient Counter undecodable;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    undecodable = context.getMetricGroup().counter(UNDECODABLE_METRIC);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<LoggedClick> out) {
    ClickEvent click;
    try {
      click = ClickEventCodec.decode(record.value());
    } catch (RuntimeException e) {
      dropped(record, e);
      return;
    }
    out.collect(new LoggedClick(click, record.partition(), record.offset()));
  }

  @Override
  public TypeInformation<LoggedClick> getProducedType() {
    return TypeInformation.of(LoggedClick.class);
  }

  long undecodableCount() {
    return counter().getCount();
  }

  private void dropped(ConsumerRecord<byte[], byte[]> record, RuntimeException cause) {
    Counter counter = counter();
    counter.inc();
    // A flood of garbage must not turn into a flood of log lines.
    if (counter.getCount() % LOG_EVERY == 1) {
      LOG.warn(
          "dropped undecodable click record {}-{}@{} ({} so far): {}",
          record.topic(),
          record.partition(),
          record.offset(),
          counter.getCount(),
          cause.getMessage());
    }
  }

  private Counter counter() {
    if (undecodable == null) {
      undecodable = new SimpleCounter();
    }
    return undecodable;
  }
}
