package io.adclick.stream;

import io.adclick.event.ClickEvent;
import io.adclick.event.ClickEventCodec;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;

/**
 * Writes clicks that arrived after their minute's correction horizon to the late topic, exactly
 * once: each checkpoint commits one Kafka transaction per subtask, so a restart neither loses nor
 * repeats a late click for consumers reading committed records (reconciliation). The records are
 * encoded like the clicks topic, so one decoder reads both.
 */
final class LateClickSink {
  /** Above the longest checkpoint plus restart; the embedded broker allows up to one hour. */
  private static final String TRANSACTION_TIMEOUT_MS = String.valueOf(15 * 60 * 1000);

  private LateClickSink() {}

  static KafkaSink<ClickEvent> of(JobSettings settings) {
    return KafkaSink.<ClickEvent>builder()
        .setBootstrapServers(settings.bootstrapServers())
        .setRecordSerializer(
            KafkaRecordSerializationSchema.<ClickEvent>builder()
                .setTopic(settings.lateTopic())
                .setKeySerializationSchema(new ClickKey())
                .setValueSerializationSchema(new EncodedClick())
                .build())
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        // Pooling reuses a few transactional ids instead of minting one per checkpoint, so the
        // broker's transaction state stays small however long the job runs.
        .setTransactionNamingStrategy(TransactionNamingStrategy.POOLING)
        .setTransactionalIdPrefix(settings.consumerGroup() + "-late")
        .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS)
        .build();
  }

  // Named classes, not lambdas: Flink's lineage reads the element type from the class signature.

  /** Keyed like the clicks topic. */
  private static final class ClickKey implements SerializationSchema<ClickEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(ClickEvent click) {
      return ClickEventCodec.key(click);
    }
  }

  private static final class EncodedClick implements SerializationSchema<ClickEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(ClickEvent click) {
      return ClickEventCodec.encode(click);
    }
  }
}
