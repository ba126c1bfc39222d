package io.adclick.stream;

import static io.adclick.stream.Clicks.at;
import static io.adclick.stream.Clicks.click;
import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.event.ClickEvent;
import io.adclick.event.ClickKind;
import io.adclick.token.ImpressionId;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImpressionDedupTest {

  private static final Duration LIFETIME = Duration.ofHours(24);
  private static final Duration HORIZON = Duration.ofMinutes(1);
  private static final long ISSUED = at("2026-03-01T10:00:00Z");
  private static final long CLICK = at("2026-03-01T10:00:30Z");

  private KeyedOneInputStreamOperatorTestHarness<ImpressionId, ClickEvent, ClickEvent> harness;

  @BeforeEach
  void open() throws Exception {
    harness = newHarness();
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void impressionIdIsSerializedAsPojoNotKryo() {
    assertThat(TypeInformation.of(ImpressionId.class)).isInstanceOf(PojoTypeInfo.class);
    assertThat(TypeInformation.of(ClickEvent.class)).isInstanceOf(PojoTypeInfo.class);
  }

  @Test
  void firstClickPassesAndDuplicatesAreDropped() throws Exception {
    ClickEvent first = clickOf(1, CLICK);
    harness.processElement(first, CLICK);
    harness.processElement(clickOf(1, CLICK + 1_000), CLICK + 1_000);
    harness.processElement(clickOf(1, CLICK + 90_000), CLICK + 90_000);
    ClickEvent other = clickOf(2, CLICK + 2_000);
    harness.processElement(other, CLICK + 2_000);

    assertThat(harness.extractOutputValues()).containsExactly(first, other);
  }

  @Test
  void markExpiresInEventTimeAfterTokenLifetime() throws Exception {
    harness.processElement(clickOf(1, CLICK), CLICK);
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

    // Countable clicks come before issuedAt + lifetime (10:00 next day), so in minutes ending by
    // 10:01; the mark may go once such a minute is final.
    long expiry = at("2026-03-02T10:01:00Z") + HORIZON.toMillis();
    harness.processWatermark(expiry - 1);
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

    harness.processWatermark(expiry);
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void lastValidDuplicateBeforeExpiryIsStillDropped() throws Exception {
    long lastValid = ISSUED + LIFETIME.toMillis() - 1;
    harness.processElement(clickOf(1, lastValid - 10_000), lastValid - 10_000);
    harness.processWatermark(lastValid + HORIZON.toMillis());

    harness.processElement(clickOf(1, lastValid), lastValid);

    assertThat(harness.extractOutputValues()).hasSize(1);
  }

  @Test
  void clickAfterItsMinuteIsFinalButWithinTheHorizonIsStillDeduplicated() throws Exception {
    harness.processWatermark(at("2026-03-01T10:01:05Z"));

    ClickEvent replayed = clickOf(1, CLICK);
    harness.processElement(replayed, CLICK);
    harness.processElement(clickOf(1, CLICK + 100), CLICK + 100);

    assertThat(harness.extractOutputValues()).containsExactly(replayed);
    assertThat(harness.getSideOutput(BucketCounter.LATE)).isNull();
  }

  @Test
  void clickPastItsHorizonGoesToLateOutputWithoutState() throws Exception {
    harness.processWatermark(at("2026-03-01T10:02:00Z"));

    ClickEvent late = clickOf(1, CLICK);
    harness.processElement(late, CLICK);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.getSideOutput(BucketCounter.LATE))
        .extracting(record -> record.getValue())
        .containsExactly(late);
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void dedupSurvivesSnapshotAndRestore() throws Exception {
    harness.processElement(clickOf(1, CLICK), CLICK);
    OperatorSubtaskState snapshot = harness.snapshot(1L, CLICK);
    harness.close();

    harness = newHarness();
    harness.setup();
    harness.initializeState(snapshot);
    harness.open();
    ClickEvent fresh = clickOf(2, CLICK + 1_000);
    harness.processElement(clickOf(1, CLICK + 500), CLICK + 500);
    harness.processElement(fresh, CLICK + 1_000);

    assertThat(harness.extractOutputValues()).containsExactly(fresh);
    // The restored expiry timer still clears the restored mark.
    harness.processWatermark(at("2026-03-02T10:02:00Z"));
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void afterRestoreADuplicateOfAnExpiredMarkIsLateNotFirst() throws Exception {
    long lastValid = ISSUED + LIFETIME.toMillis() - 1;
    harness.processElement(clickOf(1, lastValid), lastValid);
    harness.processWatermark(at("2026-03-02T10:02:00Z"));
    assertThat(harness.numKeyedStateEntries()).isZero();
    OperatorSubtaskState snapshot = harness.snapshot(1L, lastValid);
    harness.close();

    harness = newHarness();
    harness.setup();
    harness.initializeState(snapshot);
    harness.open();
    ClickEvent replayedDuplicate = clickOf(1, lastValid);
    harness.processElement(replayedDuplicate, lastValid);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.getSideOutput(BucketCounter.LATE))
        .extracting(record -> record.getValue())
        .containsExactly(replayedDuplicate);
  }

  private static ClickEvent clickOf(long impression, long clickTime) {
    return click(42, impression, clickTime, ISSUED, ClickKind.CANDIDATE);
  }

  private static KeyedOneInputStreamOperatorTestHarness<ImpressionId, ClickEvent, ClickEvent>
      newHarness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new ImpressionDedup(LIFETIME, HORIZON)),
        ClickEvent::impressionId,
        TypeInformation.of(ImpressionId.class));
  }
}
