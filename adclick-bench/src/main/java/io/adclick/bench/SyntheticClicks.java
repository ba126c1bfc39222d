package io.adclick.bench;

import io.adclick.event.ClickEvent;
import io.adclick.event.ClickKind;
import io.adclick.token.ImpressionId;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The clicks of a {@link ClickPlan}, oldest first, recording in {@link ExpectedCounts} what the job
 * must count. A duplicate repeats one of the recent first clicks (same ad, impression and issue
 * time, a later click time), like a user clicking a link twice.
 */
final class SyntheticClicks {
  /** Recent first clicks a duplicate may repeat. */
  private static final int RECENT = 1024;

  /** Links are clicked up to this long after they were minted, well inside the token lifetime. */
  private static final long MAX_CLICK_DELAY_MILLIS = 10 * 60_000L;

  private final ClickPlan plan;
  private final long firstClickTime;
  private final long spanMillis;
  private final SplittableRandom random;
  private final ClickEvent[] recent = new ClickEvent[RECENT];
  private final ExpectedCounts expected;
  private long produced;
  private ClickEvent lastFirstClick;

  /**
   * @param endMillis click times end here (the fill's start), so every click is in the past
   */
  SyntheticClicks(ClickPlan plan, long endMillis) {
    this.plan = plan;
    this.spanMillis = plan.span().toMillis();
    this.firstClickTime = endMillis - spanMillis;
    this.random = new SplittableRandom(plan.seed());
    this.expected = new ExpectedCounts(plan.ads());
  }

  boolean hasNext() {
    return produced < plan.clicks();
  }

  ClickEvent next() {
    long clickTime = firstClickTime + (long) ((double) produced / plan.clicks() * spanMillis);
    ClickEvent click =
        produced > 0 && random.nextDouble() < plan.duplicateRatio()
            ? repeat(clickTime)
            : firstClick(clickTime);
    produced++;
    return click;
  }

  /**
   * Two clicks written while the job is stopped, to time its restore: a repeat of the last first
   * click before the stop, which only the restored dedup state can recognise, then a new impression
   * of the same ad.
   */
  List<ClickEvent> restoreProbe(long clickTime) {
    ClickEvent last = lastFirstClick;
    if (last == null) {
      throw new IllegalStateException("no click to repeat yet");
    }
    ClickEvent repeated = repeatOf(last, clickTime);
    ClickEvent fresh = firstClick(last.adId(), clickTime);
    return List.of(repeated, fresh);
  }

  ExpectedCounts expected() {
    return expected;
  }

  private ClickEvent firstClick(long clickTime) {
    return firstClick(1 + random.nextInt(plan.ads()), clickTime);
  }

  private ClickEvent firstClick(long adId, long clickTime) {
    ClickEvent click =
        new ClickEvent(
            adId,
            advertiserOf(adId),
            new ImpressionId(random.nextLong(), random.nextLong()),
            clickTime,
            clickTime - random.nextLong(MAX_CLICK_DELAY_MILLIS),
            plan.users() == 0 ? null : "user-" + random.nextLong(plan.users()),
            ClickKind.CANDIDATE);
    recent[(int) (produced % RECENT)] = click;
    lastFirstClick = click;
    expected.firstClick(adId);
    return click;
  }

  private ClickEvent repeat(long clickTime) {
    int slots = (int) Math.min(produced, RECENT);
    ClickEvent first = recent[random.nextInt(slots)];
    if (first == null) {
      // The slot was a duplicate's; a first click keeps the numbers exact all the same.
      return firstClick(clickTime);
    }
    return repeatOf(first, clickTime);
  }

  private ClickEvent repeatOf(ClickEvent first, long clickTime) {
    expected.duplicate();
    return new ClickEvent(
        first.adId(),
        first.advertiserId(),
        first.impressionId(),
        clickTime,
        first.issuedAtMillis(),
        first.userKey(),
        ClickKind.CANDIDATE);
  }

  static long advertiserOf(long adId) {
    return 1 + (adId - 1) / 10;
  }
}
