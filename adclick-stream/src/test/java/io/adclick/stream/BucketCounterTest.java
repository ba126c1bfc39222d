package io.adclick.stream;

import static io.adclick.stream.Clicks.at;
import static io.adclick.stream.Clicks.click;
import static io.adclick.time.Granularity.DAY;
import static io.adclick.time.Granularity.HOUR;
import static io.adclick.time.Granularity.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.event.ClickEvent;
import io.adclick.store.BucketCount;
import io.adclick.time.Granularity;
import io.adclick.users.UserSketch;
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

class BucketCounterTest {

  private static final long AD = 42;
  private static final long FLUSH = 5_000;
  private static final long LATENESS = 5_000;
  private static final long HORIZON = 60_000;
  private static final long MINUTE_10_00 = at("2026-03-01T10:00:00Z");
  private static final long MINUTE_10_01 = at("2026-03-01T10:01:00Z");
  private static final long HOUR_10 = MINUTE_10_00;
  private static final long DAY_1 = at("2026-03-01T00:00:00Z");

  private KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, BucketCount> harness;
  private long impressions;

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
  void tallyIsSerializedAsPojoNotKryo() {
    assertThat(TypeInformation.of(BucketTally.class)).isInstanceOf(PojoTypeInfo.class);
    assertThat(TypeInformation.of(BucketCount.class)).isInstanceOf(PojoTypeInfo.class);
  }

  @Test
  void runningTotalsAreEmittedOnFlush() throws Exception {
    clickAt(at("2026-03-01T10:00:10Z"));
    clickAt(at("2026-03-01T10:00:20Z"));
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.setProcessingTime(1_000 + FLUSH);

    assertThat(harness.extractOutputValues())
        .containsExactlyInAnyOrder(
            count(MINUTE, MINUTE_10_00, 2), count(HOUR, HOUR_10, 2), count(DAY, DAY_1, 2));
  }

  @Test
  void eachWrittenMinuteTellsTheAdvertiserHowManyClicksItAdded() throws Exception {
    clickAt(at("2026-03-01T10:00:10Z"));
    clickAt(at("2026-03-01T10:00:20Z"));
    flush();
    clickAt(at("2026-03-01T10:00:30Z"));
    flush();
    flush(); // nothing new: nothing sent

    assertThat(harness.getSideOutput(BucketCounter.ADVERTISER_CLICKS))
        .extracting(record -> record.getValue())
        .containsExactly(
            new AdvertiserClicks(Clicks.ADVERTISER, MINUTE_10_00, 2),
            new AdvertiserClicks(Clicks.ADVERTISER, MINUTE_10_00, 1));
  }

  @Test
  void totalsAreRunningNotDeltas() throws Exception {
    clickAt(at("2026-03-01T10:00:10Z"));
    flush();
    clickAt(at("2026-03-01T10:00:20Z"));
    harness.getOutput().clear();
    flush();

    assertThat(harness.extractOutputValues())
        .containsExactlyInAnyOrder(
            count(MINUTE, MINUTE_10_00, 2), count(HOUR, HOUR_10, 2), count(DAY, DAY_1, 2));
  }

  @Test
  void clicksAcrossAMinuteBoundaryLandInTheirMinutesAndShareHourAndDay() throws Exception {
    clickAt(MINUTE_10_01 - 1);
    clickAt(MINUTE_10_01);
    clickAt(MINUTE_10_01 + 59_999);

    flush();

    assertThat(harness.extractOutputValues())
        .containsExactlyInAnyOrder(
            count(MINUTE, MINUTE_10_00, 1),
            count(MINUTE, MINUTE_10_01, 2),
            count(HOUR, HOUR_10, 3),
            count(DAY, DAY_1, 3));
  }

  @Test
  void atMostOneFlushTimerPerKey() throws Exception {
    for (int i = 0; i < 10; i++) {
      clickAt(MINUTE_10_00 + i * 1_000);
      harness.setProcessingTime(1_000 + i * 100);
    }
    assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

    flush();
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  @Test
  void finalTotalIsEmittedOnceTheWatermarkPassesBucketEndPlusLatenessAndStateIsClearedAfterHorizon()
      throws Exception {
    clickAt(at("2026-03-01T10:00:10Z"));

    harness.processWatermark(MINUTE_10_01 + LATENESS - 1);
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.processWatermark(MINUTE_10_01 + LATENESS);
    // The final minute, and the hour and day totals it completes so far (partial).
    assertThat(harness.extractOutputValues())
        .containsExactly(
            count(MINUTE, MINUTE_10_00, 1), count(HOUR, HOUR_10, 1), count(DAY, DAY_1, 1));
    assertThat(harness.numKeyedStateEntries())
        .as(
            "minute, hour and day kept for corrections, the pending flush (the final write"
                + " emptied the dirty list), the ad's advertiser")
        .isEqualTo(5);

    harness.processWatermark(DAY_1 + DAY.millis() + HORIZON);
    assertThat(harness.extractOutputValues())
        .as("nothing more: the hour and day did not change after")
        .containsExactly(
            count(MINUTE, MINUTE_10_00, 1), count(HOUR, HOUR_10, 1), count(DAY, DAY_1, 1));
    flush(); // the pending flush finds nothing left to write and clears itself
    assertThat(harness.extractOutputValues()).hasSize(3);
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  @Test
  void unchangedBucketsAreNotEmittedAgain() throws Exception {
    clickAt(at("2026-03-01T10:00:10Z"));
    flush();
    harness.getOutput().clear();

    flush();
    harness.processWatermark(MINUTE_10_01 + LATENESS);

    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void lateClickWithinTheHorizonCorrectsTheFinalBucket() throws Exception {
    clickAt(at("2026-03-01T10:00:10Z"));
    harness.processWatermark(MINUTE_10_01 + LATENESS);
    harness.getOutput().clear();

    clickAt(at("2026-03-01T10:00:50Z")); // e.g. replayed from a click service's spool
    flush();

    assertThat(harness.extractOutputValues())
        .containsExactlyInAnyOrder(
            count(MINUTE, MINUTE_10_00, 2), count(HOUR, HOUR_10, 2), count(DAY, DAY_1, 2));
    assertThat(harness.getSideOutput(BucketCounter.LATE)).isNull();
  }

  @Test
  void clickPastTheHorizonGoesToSideOutputAndChangesNothing() throws Exception {
    clickAt(at("2026-03-01T10:00:10Z"));
    harness.processWatermark(MINUTE_10_01 + HORIZON);
    flush();
    harness.getOutput().clear();
    int stateBefore = harness.numKeyedStateEntries();

    ClickEvent late = clickAt(at("2026-03-01T10:00:50Z"));
    flush();
    harness.processWatermark(DAY_1 + DAY.millis() + HORIZON);

    assertThat(harness.getSideOutput(BucketCounter.LATE))
        .extracting(record -> record.getValue())
        .containsExactly(late);
    assertThat(harness.extractOutputValues())
        .as("neither a fresh minute nor changed hour and day totals")
        .isEmpty();
    assertThat(stateBefore).as("hour and day still open, and the ad's advertiser").isEqualTo(3);
  }

  @Test
  void clickWithinLatenessStillCounts() throws Exception {
    harness.processWatermark(MINUTE_10_01 + LATENESS - 1);

    clickAt(at("2026-03-01T10:00:50Z"));
    harness.processWatermark(MINUTE_10_01 + LATENESS);

    assertThat(harness.extractOutputValues())
        .containsExactly(
            count(MINUTE, MINUTE_10_00, 1), count(HOUR, HOUR_10, 1), count(DAY, DAY_1, 1));
    assertThat(harness.getSideOutput(BucketCounter.LATE)).isNull();
  }

  @Test
  void countsSurviveSnapshotAndRestore() throws Exception {
    clickAt(at("2026-03-01T10:00:10Z"));
    flush();
    clickAt(at("2026-03-01T10:00:20Z"));
    restartFromSnapshot();
    clickAt(at("2026-03-01T10:00:30Z"));
    harness.processWatermark(MINUTE_10_01 + LATENESS);

    assertThat(harness.extractOutputValues())
        .containsExactly(
            count(MINUTE, MINUTE_10_00, 3), count(HOUR, HOUR_10, 3), count(DAY, DAY_1, 3));
  }

  @Test
  void afterRestoreClicksForDroppedBucketsAreLateBeforeTheFirstNewWatermark() throws Exception {
    clickAt(at("2026-03-01T10:00:10Z"));
    harness.processWatermark(MINUTE_10_01 + HORIZON);
    restartFromSnapshot();
    ClickEvent replayedLate = clickAt(at("2026-03-01T10:00:50Z"));
    harness.processWatermark(DAY_1 + DAY.millis() + LATENESS);

    assertThat(harness.getSideOutput(BucketCounter.LATE))
        .extracting(record -> record.getValue())
        .containsExactly(replayedLate);
    assertThat(harness.extractOutputValues())
        .as("hour and day were written with their final minute; the late click changed nothing")
        .isEmpty();
  }

  @Test
  void hoursAndDaysCarryTheDistinctUsersOfTheirClicksAndMinutesNone() throws Exception {
    clickBy("alice", at("2026-03-01T10:00:10Z"));
    clickBy("bob", at("2026-03-01T10:00:20Z"));
    clickBy("alice", at("2026-03-01T10:00:30Z"));
    clickAt(at("2026-03-01T10:00:40Z")); // no user key: counted, no user
    clickBy("carol", MINUTE_10_01 + 1);
    flush();

    UserSketch three = users("alice", "bob", "carol");
    assertThat(harness.extractOutputValues())
        .containsExactlyInAnyOrder(
            count(MINUTE, MINUTE_10_00, 4),
            count(MINUTE, MINUTE_10_01, 1),
            withUsers(count(HOUR, HOUR_10, 5), three),
            withUsers(count(DAY, DAY_1, 5), three));
    assertThat(harness.getSideOutput(BucketCounter.ADVERTISER_CLICKS))
        .extracting(record -> record.getValue())
        .containsExactlyInAnyOrder(
            new AdvertiserClicks(Clicks.ADVERTISER, MINUTE_10_00, 4, users("alice", "bob")),
            new AdvertiserClicks(Clicks.ADVERTISER, MINUTE_10_01, 1, users("carol")));
  }

  @Test
  void aMinutesFinalWriteFoldsInEveryWaitingUserSoTheHourNeverLacksOne() throws Exception {
    clickBy("alice", MINUTE_10_00 + 1);
    clickBy("bob", MINUTE_10_01 + 1);
    harness.processWatermark(MINUTE_10_01 + LATENESS);

    assertThat(harness.extractOutputValues())
        .containsExactlyInAnyOrder(
            count(MINUTE, MINUTE_10_00, 1),
            count(MINUTE, MINUTE_10_01, 1),
            withUsers(count(HOUR, HOUR_10, 2), users("alice", "bob")),
            withUsers(count(DAY, DAY_1, 2), users("alice", "bob")));
    harness.getOutput().clear();
    flush();
    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void waitingUsersSurviveSnapshotAndRestore() throws Exception {
    clickBy("alice", at("2026-03-01T10:00:10Z"));
    flush();
    clickBy("bob", at("2026-03-01T10:00:20Z"));
    restartFromSnapshot();
    clickBy("alice", at("2026-03-01T10:00:30Z"));
    harness.processWatermark(MINUTE_10_01 + LATENESS);

    assertThat(harness.extractOutputValues())
        .containsExactly(
            count(MINUTE, MINUTE_10_00, 3),
            withUsers(count(HOUR, HOUR_10, 3), users("alice", "bob")),
            withUsers(count(DAY, DAY_1, 3), users("alice", "bob")));
  }

  @Test
  void usersAreDroppedWithTheirBuckets() throws Exception {
    clickBy("alice", at("2026-03-01T10:00:10Z"));
    harness.processWatermark(DAY_1 + DAY.millis() + HORIZON);
    flush(); // the pending flush clears itself

    assertThat(harness.extractOutputValues())
        .contains(withUsers(count(DAY, DAY_1, 1), users("alice")));
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  private ClickEvent clickBy(String user, long clickTime) throws Exception {
    ClickEvent click = Clicks.clickBy(user, AD, ++impressions, clickTime);
    harness.processElement(click, clickTime);
    return click;
  }

  static long[] hashes(String... users) {
    long[] out = new long[users.length];
    for (int i = 0; i < users.length; i++) {
      out[i] = UserSketch.userHash(users[i]);
    }
    return out;
  }

  static UserSketch users(String... users) {
    return UserSketch.of(hashes(users));
  }

  static BucketCount withUsers(BucketCount c, UserSketch users) {
    return new BucketCount(
        c.granularity(), c.advertiserId(), c.adId(), c.bucketStart(), c.clicks(), c.salt(), users);
  }

  /** Snapshots the operator, closes it, and opens a new one restored from the snapshot. */
  private void restartFromSnapshot() throws Exception {
    OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
    harness.close();
    harness = newHarness();
    harness.setup();
    harness.initializeState(snapshot);
    harness.open();
  }

  private ClickEvent clickAt(long clickTime) throws Exception {
    ClickEvent click = click(AD, ++impressions, clickTime);
    harness.processElement(click, clickTime);
    return click;
  }

  private void flush() throws Exception {
    harness.setProcessingTime(harness.getProcessingTime() + FLUSH);
  }

  private static BucketCount count(Granularity g, long start, long clicks) {
    return new BucketCount(g, Clicks.ADVERTISER, AD, start, clicks, 0);
  }

  private static KeyedOneInputStreamOperatorTestHarness<Long, ClickEvent, BucketCount> newHarness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(
            new BucketCounter(
                Duration.ofMillis(FLUSH), Duration.ofMillis(LATENESS), Duration.ofMillis(HORIZON))),
        ClickEvent::adId,
        Types.LONG);
  }
}
