package io.adclick.stream;

import static io.adclick.stream.Clicks.click;
import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.event.ClickEvent;
import io.adclick.event.ClickEventCodec;
import io.adclick.event.ClickKind;
import io.adclick.token.ImpressionId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClickEventDeserializerTest {

  private final ClickEventDeserializer deserializer = new ClickEventDeserializer();
  private final List<LoggedClick> out = new ArrayList<>();

  @BeforeEach
  void open() {
    deserializer.open(new Context());
  }

  @Test
  void decodesAGoodRecordWithItsPartitionAndOffset() {
    ClickEvent click =
        new ClickEvent(
            3,
            7,
            new ImpressionId(-1, 99),
            1_770_000_000_000L,
            1_769_999_000_000L,
            "u-1",
            ClickKind.CANDIDATE);

    deserialize(ClickEventCodec.encode(click));

    assertThat(out).containsExactly(new LoggedClick(click, 0, 17L));
    assertThat(deserializer.undecodableCount()).isZero();
  }

  @Test
  void dropsAndCountsGarbageWithoutThrowing() {
    byte[] good = ClickEventCodec.encode(click(1, 2, 1_770_000_000_000L));
    byte[] wrongVersion = good.clone();
    wrongVersion[0] = 99;
    byte[] unknownKind = good.clone();
    unknownKind[1] = 42;
    byte[] truncated = Arrays.copyOf(good, good.length - 1);
    byte[] longer = Arrays.copyOf(good, good.length + 3);

    deserialize(null);
    deserialize(new byte[0]);
    deserialize("not a click at all, just some text".getBytes(StandardCharsets.UTF_8));
    deserialize(wrongVersion);
    deserialize(unknownKind);
    deserialize(truncated);
    deserialize(longer);
    deserialize(good);

    assertThat(out).hasSize(1);
    assertThat(deserializer.undecodableCount()).isEqualTo(7);
  }

  @Test
  void loggedClicksTravelAsPojosNotKryo() {
    assertThat(deserializer.getProducedType()).isInstanceOf(PojoTypeInfo.class);
  }

  private void deserialize(byte[] value) {
    deserializer.deserialize(
        new ConsumerRecord<>("clicks", 0, 17L, ClickEventCodec.key(1), value),
        new ListCollector<>(out));
  }

  private static final class Context implements DeserializationSchema.InitializationContext {
    @Override
    public MetricGroup getMetricGroup() {
      return new UnregisteredMetricsGroup();
    }

    @Override
    public UserCodeClassLoader getUserCodeClassLoader() {
      return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
    }
  }
}
