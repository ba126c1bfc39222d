package io.adclick.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.event.ClickEvent;
import io.adclick.event.ClickKind;
import io.adclick.token.ImpressionId;
import java.time.Instant;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.junit.jupiter.api.Test;

class HourPartitionTest {

  private final HourPartition partition = new HourPartition();

  @Test
  void foldersAreTheUtcDateAndHourOfTheClickTime() {
    assertThat(folder("2026-11-24T16:00:00Z")).isEqualTo("dt=2026-11-24/hour=16");
    assertThat(folder("2026-11-24T16:59:59.999Z")).isEqualTo("dt=2026-11-24/hour=16");
    assertThat(folder("2026-11-24T17:00:00Z")).isEqualTo("dt=2026-11-24/hour=17");
    assertThat(folder("2026-11-24T23:59:59.999Z")).isEqualTo("dt=2026-11-24/hour=23");
    assertThat(folder("2026-11-25T00:00:00Z")).isEqualTo("dt=2026-11-25/hour=00");
    assertThat(folder("2026-01-01T09:30:00Z")).isEqualTo("dt=2026-01-01/hour=09");
  }

  @Test
  void goingBackAnHourAfterTheCacheMovedOnStillGivesTheRightFolder() {
    assertThat(folder("2026-11-24T17:00:00Z")).isEqualTo("dt=2026-11-24/hour=17");
    assertThat(folder("2026-11-24T16:59:59.999Z")).isEqualTo("dt=2026-11-24/hour=16");
    assertThat(folder("2026-11-24T17:00:00.001Z")).isEqualTo("dt=2026-11-24/hour=17");
  }

  @Test
  void clicksBeforeTheEpochRoundDownToTheirHour() {
    assertThat(folder("1969-12-31T23:59:59.999Z")).isEqualTo("dt=1969-12-31/hour=23");
  }

  @Test
  void theBucketIdSurvivesTheSerializerFlinkCheckpointsItWith() throws Exception {
    String id = folder("2026-11-24T16:00:00Z");
    var serializer = partition.getSerializer();
    assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(id)))
        .isEqualTo(id);
  }

  private String folder(String clickTime) {
    long millis = Instant.parse(clickTime).toEpochMilli();
    LoggedClick logged =
        new LoggedClick(
            new ClickEvent(1, 2, new ImpressionId(3, 4), millis, millis, null, ClickKind.HEAD),
            0,
            0);
    return partition.getBucketId(logged, (BucketAssigner.Context) null);
  }
}
