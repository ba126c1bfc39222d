package io.adclick.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The lag arithmetic; the admin calls around it are exercised against a real broker elsewhere. */
class ConsumerLagTest {
  private static final TopicPartition P0 = new TopicPartition("clicks", 0);
  private static final TopicPartition P1 = new TopicPartition("clicks", 1);

  @Test
  void sumsWhatEachCommittedPartitionIsBehindItsEnd() {
    assertThat(ConsumerLag.behind(Map.of(P0, 90L, P1, 10L), Map.of(P0, 100L, P1, 10L)))
        .isEqualTo(10);
  }

  @Test
  void aCommitPastAnEndReadJustBeforeItIsNotNegativeLag() {
    assertThat(ConsumerLag.behind(Map.of(P0, 105L, P1, 7L), Map.of(P0, 100L, P1, 10L)))
        .isEqualTo(3);
  }

  @Test
  void partitionsTheGroupNeverCommittedAreLeftOut() {
    assertThat(ConsumerLag.behind(Map.of(P0, 0L), Map.of(P0, 5L, P1, 1_000L))).isEqualTo(5);
  }

  @Test
  void aMissingEndOffsetIsAnErrorNotZeroLag() {
    assertThatThrownBy(() -> ConsumerLag.behind(Map.of(P0, 1L, P1, 1L), Map.of(P0, 5L)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("clicks-1");
  }
}
