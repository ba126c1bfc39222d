package io.adclick.stream;

import static io.adclick.stream.Clicks.at;
import static io.adclick.time.Granularity.DAY;
import static io.adclick.time.Granularity.HOUR;
import static io.adclick.time.Granularity.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.store.BucketCount;
import io.adclick.time.Granularity;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdvertiserCounterTest {

  private static final long ADV = 7;
  private static final long FLUSH = 5_000;
  private static final long LATENESS = 5_000;
  private static final long HORIZON = 60_000;
  private static final long MINUTE_10_00 = at("2026-03-01T10:00:00Z");
  private static final long MINUTE_10_59 = at("2026-03-01T10:59:00Z");
  private static final long MINUTE_11_00 = at("2026-03-01T11:00:00Z");
  private static final long HOUR_10 = MINUTE_10_00;
  private static final long DAY_1 = at("2026-03-01T00:00:00Z");

  private KeyedOneInputStreamOperatorTestHarness<Long, AdvertiserClicks, BucketCount> harness;

  @BeforeEach
  void open() throws Exception {
    harness = newHarness();
    harness.setProcessingTime(1_000);
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void inputIsSerializedAsPojoNotKryo() {
    assertThat(TypeInformation.of(AdvertiserClicks.class)).isInstanceOf(PojoTypeInfo.class);
  }

  @Test
  void sumsWhatItsAdsAddedIntoHourAndDayRunningTotalsAtEachFlush() throws Exception {
    add(MINUTE_10_00, 2);
    add(MINUTE_10_59, 3);
    add(MINUTE_11_00, 4);
    assertThat(harness.extractOutputValues()).isEmpty();

    flush();
    assertThat(harness.extractOutputValues())
        .containsExactlyInAnyOrder(
            total(HOUR, HOUR_10, 5), total(HOUR, MINUTE_11_00, 4), total(DAY, DAY_1, 9));

    harness.getOutput().clear();
    add(MINUTE_10_59, 1);
    flush();
    assertThat(harness.extractOutputValues())
        .as("running totals, only the changed ones")
        .containsExactlyInAnyOrder(total(HOUR, HOUR_10, 6), total(DAY, DAY_1, 10));
  }

  @Test
  void writesChangedTotalsBeforeTheWatermarkThatMakesTheirMinuteFinal() throws Exception {
    add(MINUTE_10_00, 2);
    harness.processWatermark(MINUTE_10_00 + MINUTE.millis() + LATENESS - 1);
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.processWatermark(MINUTE_10_00 + MINUTE.millis() + LATENESS);

    assertThat(harness.extractOutputValues())
        .containsExactlyInAnyOrder(total(HOUR, HOUR_10, 2), total(DAY, DAY_1, 2));
  }

  @Test
  void dropsEachBucketOnceItsCorrectionHorizonHasPassed() throws Exception {
    add(MINUTE_10_00, 2);
    harness.processWatermark(HOUR_10 + HOUR.millis() + HORIZON);
    harness.getOutput().clear();
    add(MINUTE_10_59, 1); // only possible in this test: ad counters drop minutes first
    flush();
    assertThat(harness.extractOutputValues())
        .as("the hour started again from nothing; the day was kept")
        .containsExactlyInAnyOrder(total(HOUR, HOUR_10, 1), total(DAY, DAY_1, 3));

    harness.processWatermark(DAY_1 + DAY.millis() + HORIZON);
    flush();
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void totalsSurviveSnapshotAndRestore() throws Exception {
    add(MINUTE_10_00, 2);
    flush();
    OperatorSubtaskState snapshot = harness.snapshot(1, 1);
    harness.close();

    harness = newHarness();
    harness.setProcessingTime(1_000);
    harness.initializeState(snapshot);
    harness.open();
    add(MINUTE_10_00, 1);
    flush();

    assertThat(harness.extractOutputValues())
        .containsExactlyInAnyOrder(total(HOUR, HOUR_10, 3), total(DAY, DAY_1, 3));
  }

  @Test
  void mergesItsAdsUsersIntoHourAndDayCountingSharedOnesOnce() throws Exception {
    harness.processElement(
        new AdvertiserClicks(ADV, MINUTE_10_00, 2, BucketCounterTest.users("alice", "bob")),
        MINUTE_10_00);
    harness.processElement(
        new AdvertiserClicks(ADV, MINUTE_11_00, 2, BucketCounterTest.users("bob", "carol")),
        MINUTE_11_00);
    add(MINUTE_10_59, 1); // no user key
    flush();

    assertThat(harness.extractOutputValues())
        .containsExactlyInAnyOrder(
            BucketCounterTest.withUsers(
                total(HOUR, HOUR_10, 3), BucketCounterTest.users("alice", "bob")),
            BucketCounterTest.withUsers(
                total(HOUR, MINUTE_11_00, 2), BucketCounterTest.users("bob", "carol")),
            BucketCounterTest.withUsers(
                total(DAY, DAY_1, 5), BucketCounterTest.users("alice", "bob", "carol")));
  }

  private void add(long minuteStart, long clicks) throws Exception {
    harness.processElement(new AdvertiserClicks(ADV, minuteStart, clicks), minuteStart);
  }

  private void flush() throws Exception {
    harness.setProcessingTime(harness.getProcessingTime() + FLUSH);
  }

  private static BucketCount total(Granularity g, long start, long clicks) {
    return new BucketCount(g, ADV, BucketCount.ADVERTISER_TOTAL, start, clicks, 0);
  }

  private static KeyedOneInputStreamOperatorTestHarness<Long, AdvertiserClicks, BucketCount>
      newHarness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(
            new AdvertiserCounter(
                Duration.ofMillis(FLUSH), Duration.ofMillis(LATENESS), Duration.ofMillis(HORIZON))),
        AdvertiserClicks::advertiserId,
        Types.LONG);
  }
}
