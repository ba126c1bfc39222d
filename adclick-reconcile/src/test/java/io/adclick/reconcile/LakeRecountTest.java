package io.adclick.reconcile;

import static io.adclick.reconcile.TestLake.advertiserOf;
import static io.adclick.reconcile.TestLake.candidate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeRecountTest {

  private static final Duration TOKEN_LIFETIME = Duration.ofHours(24);

  @TempDir Path dir;
  private TestLake lake;

  @BeforeEach
  void setUp() {
    lake = new TestLake(dir.resolve("lake"));
  }

  @Test
  void countsTheFirstCandidateOfEachImpressionInItsMinute() throws Exception {
    lake.commit(
        candidate(7, 1, "2026-03-01T10:00:10Z", 0, 100),
        candidate(7, 1, "2026-03-01T10:00:20Z", 0, 101), // repeat
        candidate(7, 2, "2026-03-01T10:00:30Z", 1, 50),
        candidate(8, 3, "2026-03-01T10:01:05Z", 0, 102));

    assertThat(recount("2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z"))
        .containsExactly(
            minute(7, "2026-03-01T10:00:00Z", 2), minute(8, "2026-03-01T10:01:00Z", 1));
  }

  @Test
  void firstMeansFirstInTheLogNotEarliestClickTime() throws Exception {
    // A click service replaying its spool logs an older click after a newer repeat.
    lake.commit(
        candidate(7, 1, "2026-03-01T10:05:00Z", 0, 100),
        candidate(7, 1, "2026-03-01T10:01:00Z", 0, 200));

    assertThat(recount("2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z"))
        .containsExactly(minute(7, "2026-03-01T10:05:00Z", 1));
  }

  @Test
  void aRepeatAcrossAMinuteBoundaryCountsOnceInTheFirstClicksMinute() throws Exception {
    lake.commit(
        candidate(7, 1, "2026-03-01T10:00:59.900Z", 0, 100),
        candidate(7, 1, "2026-03-01T10:01:00.100Z", 0, 101));

    assertThat(recount("2026-03-01T10:00:00Z", "2026-03-01T10:02:00Z"))
        .containsExactly(minute(7, "2026-03-01T10:00:00Z", 1));
  }

  @Test
  void anImpressionFirstClickedBeforeTheRangeDoesNotCountInsideIt() throws Exception {
    lake.commit(
        candidate(7, 1, "2026-03-01T09:59:50Z", 0, 100),
        candidate(7, 1, "2026-03-01T10:00:10Z", 0, 101),
        // Shown and first clicked 23 h before, clicked again well inside the range.
        candidate(7, 2, "2026-02-28T10:59:00Z", "2026-02-28T11:00:00Z", 0, 5),
        candidate(7, 2, "2026-02-28T10:59:00Z", "2026-03-01T10:40:20Z", 0, 102),
        candidate(7, 3, "2026-03-01T10:00:30Z", 0, 103));

    assertThat(recount("2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z"))
        .containsExactly(minute(7, "2026-03-01T10:00:00Z", 1));
    assertThat(recount("2026-03-01T09:00:00Z", "2026-03-01T10:00:00Z"))
        .containsExactly(minute(7, "2026-03-01T09:59:00Z", 1));
  }

  @Test
  void aFirstClickBeforeItsTokensIssueTimeIsFoundBeforeTheRange() throws Exception {
    // An ad server whose clock runs 4 minutes ahead: the token says 10:03, the click was 09:59.
    lake.commit(
        candidate(7, 1, "2026-03-01T10:03:00Z", "2026-03-01T09:59:00Z", 0, 100),
        candidate(7, 1, "2026-03-01T10:03:00Z", "2026-03-01T10:30:00Z", 0, 101));

    assertThat(recount("2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z")).isEmpty();
  }

  @Test
  void aFirstClickAtTheFarEdgeOfTheLookBackIsFound() throws Exception {
    // Issued 4 minutes ahead of the click service's clock, first clicked at once, then again just
    // before the token expires: the first click is a lifetime and 3 minutes before the range.
    lake.commit(
        candidate(7, 1, "2026-02-28T10:01:00Z", "2026-02-28T09:57:00Z", 0, 100),
        candidate(7, 1, "2026-02-28T10:01:00Z", "2026-03-01T10:00:30Z", 0, 101));

    assertThat(recount("2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z")).isEmpty();
  }

  @Test
  void aClickInsideTheRangeDoesNotCountWhenARepeatClickedAfterItWasLoggedFirst() throws Exception {
    // Logged first, clicked after the range; its repeat, logged later, clicked inside it.
    lake.commit(
        candidate(7, 1, "2026-03-01T10:59:00Z", "2026-03-01T11:00:05Z", 0, 100),
        candidate(7, 1, "2026-03-01T10:59:00Z", "2026-03-01T10:59:55Z", 0, 101),
        candidate(7, 2, "2026-03-01T10:30:00Z", 0, 102));

    assertThat(recount("2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z"))
        .containsExactly(minute(7, "2026-03-01T10:30:00Z", 1));
    assertThat(recount("2026-03-01T11:00:00Z", "2026-03-01T12:00:00Z"))
        .containsExactly(minute(7, "2026-03-01T11:00:00Z", 1));
  }

  @Test
  void aClickInsideTheRangeLoggedBeforeItsRepeatAfterTheRangeCounts() throws Exception {
    // Another partition logs a click after the range early on: the range click still counts.
    lake.commit(
        candidate(8, 5, "2026-03-01T10:20:00Z", "2026-03-01T11:00:05Z", 1, 40),
        candidate(7, 1, "2026-03-01T10:59:00Z", "2026-03-01T10:59:55Z", 0, 100),
        candidate(7, 1, "2026-03-01T10:59:00Z", "2026-03-01T11:00:05Z", 0, 101));

    assertThat(recount("2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z"))
        .containsExactly(minute(7, "2026-03-01T10:59:00Z", 1));
    assertThat(recount("2026-03-01T11:00:00Z", "2026-03-01T12:00:00Z"))
        .containsExactly(minute(8, "2026-03-01T11:00:00Z", 1));
  }

  @Test
  void clicksThatCannotCountAreLeftOut() throws Exception {
    lake.commit(
        new TestLake.Row(7, advertiserOf(7), 1, "2026-03-01T10:00:10Z", "EXPIRED", 0, 100),
        new TestLake.Row(7, advertiserOf(7), 2, "2026-03-01T10:00:10Z", "PREVIEW", 0, 101),
        new TestLake.Row(7, advertiserOf(7), 3, "2026-03-01T10:00:10Z", "HEAD", 0, 102),
        // A prefetch does not use up its impression: the real click after it counts.
        new TestLake.Row(7, advertiserOf(7), 4, "2026-03-01T10:00:10Z", "PREFETCH", 0, 103),
        candidate(7, 4, "2026-03-01T10:00:20Z", 0, 104));

    assertThat(recount("2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z"))
        .containsExactly(minute(7, "2026-03-01T10:00:00Z", 1));
  }

  @Test
  void filesTheSinkHasNotCommittedAreNotRead() throws Exception {
    lake.commit(candidate(7, 1, "2026-03-01T10:00:10Z", 0, 100));
    lake.inProgress(
        candidate(7, 2, "2026-03-01T10:00:20Z", 0, 101),
        candidate(7, 3, "2026-03-01T12:00:20Z", 0, 102)); // an hour with nothing committed

    assertThat(recount("2026-03-01T10:00:00Z", "2026-03-01T13:00:00Z"))
        .containsExactly(minute(7, "2026-03-01T10:00:00Z", 1));
  }

  @Test
  void refusesARangeWhoseLookBackTheLakesRetentionDeleted() throws Exception {
    lake.commit(candidate(7, 1, "2026-03-02T10:00:10Z", 0, 100));
    Files.createDirectories(lake.root());
    new LakeLayout(lake.root()).retainFrom(millis("2026-03-01T09:55:00Z"));

    assertThat(recount("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z"))
        .as("the look-back starts right at what was kept")
        .containsExactly(minute(7, "2026-03-02T10:00:00Z", 1));
    assertThatThrownBy(() -> recount("2026-03-02T09:00:00Z", "2026-03-02T11:00:00Z"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deleted the clicks before 2026-03-01T09:55:00Z");
  }

  @Test
  void adIdsAndMinutesComeBackWholeFromTheirPackedKey() throws Exception {
    long bigAd = (Long.MAX_VALUE - 1440) / 1440; // the largest a day's recount can pack
    lake.commit(
        new TestLake.Row(bigAd, 3, 1, "2026-03-01T23:59:30Z", "CANDIDATE", 0, 100),
        new TestLake.Row(1, 3, 2, "2026-03-01T00:00:00Z", "CANDIDATE", 0, 101));

    assertThat(recount("2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z"))
        .containsExactly(
            new RecountedMinute(3, 1, millis("2026-03-01T00:00:00Z"), 1),
            new RecountedMinute(3, bigAd, millis("2026-03-01T23:59:00Z"), 1));
  }

  @Test
  void anAdIdOutOfThePackableRangeFailsTheRecountRatherThanMiscount() throws Exception {
    lake.commit(
        new TestLake.Row(
            (Long.MAX_VALUE - 1440) / 1440 + 1, 3, 1, "2026-03-01T10:00:00Z", "CANDIDATE", 0, 1));
    assertThatThrownBy(() -> recount("2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z"))
        .isInstanceOf(SQLException.class);

    lake.commit(new TestLake.Row(-1, 3, 2, "2026-03-03T10:00:00Z", "CANDIDATE", 0, 2));
    assertThatThrownBy(() -> recount("2026-03-03T00:00:00Z", "2026-03-04T00:00:00Z"))
        .isInstanceOf(SQLException.class);
  }

  @Test
  void anEmptyLakeRecountsNothing() throws Exception {
    assertThat(recount("2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z")).isEmpty();
  }

  @Test
  void rangesMustBeWholeMinutesInOrder() {
    assertThatThrownBy(() -> recount("2026-03-01T10:00:01Z", "2026-03-01T11:00:00Z"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("from must be a whole minute");
    assertThatThrownBy(() -> recount("2026-03-01T11:00:00Z", "2026-03-01T10:00:00Z"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("to must be after from");
  }

  private List<RecountedMinute> recount(String from, String to) throws Exception {
    LakeRecount recount = new LakeRecount(lake.root(), TOKEN_LIFETIME, 256, dir.resolve("spill"));
    List<RecountedMinute> out = new ArrayList<>();
    try (RecountCursor rows = recount.open(millis(from), millis(to))) {
      rows.forEachRemaining(out::add);
    }
    return out;
  }

  private static RecountedMinute minute(long adId, String minuteStart, long clicks) {
    return new RecountedMinute(advertiserOf(adId), adId, millis(minuteStart), clicks);
  }

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }
}
