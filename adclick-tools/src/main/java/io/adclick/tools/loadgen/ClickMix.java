package io.adclick.tools.loadgen;

import io.adclick.tools.api.AdclickApi.MintedImpression;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Decides what each click is: the ad by Zipf popularity, then a forged token, a repeat of an
 * impression already clicked, or a fresh impression. Remembers which click target each remembered
 * impression was last sent to, so that a repeat can go to another. Used by the sender thread only.
 */
final class ClickMix {
  /** Repeats are drawn from the most recent fresh clicks; older ones are forgotten. */
  private static final int REMEMBERED = 1 << 16;

  private final ZipfSampler popularity;
  private final ImpressionSupply supply;
  private final List<Long> adIds;
  private final double duplicateRatio;
  private final double forgedRatio;
  private final RandomGenerator random;
  private final PlannedClick[] clicked = new PlannedClick[REMEMBERED];

  /** Per slot of {@link #clicked}: the target its impression was last sent to. */
  private final int[] lastTargets = new int[REMEMBERED];

  private long clickedCount;

  /** The slot of the click {@link #next} returned last, or -1 if it is not remembered. */
  private int returnedSlot = -1;

  private long starved;

  ClickMix(
      ZipfSampler popularity,
      ImpressionSupply supply,
      List<Long> adIds,
      double duplicateRatio,
      double forgedRatio,
      RandomGenerator random) {
    if (duplicateRatio < 0 || forgedRatio < 0 || duplicateRatio + forgedRatio > 1) {
      throw new IllegalArgumentException(
          "duplicate and forged ratios must be >= 0 and add up to at most 1");
    }
    this.popularity = popularity;
    this.supply = supply;
    this.adIds = List.copyOf(adIds);
    this.duplicateRatio = duplicateRatio;
    this.forgedRatio = forgedRatio;
    this.random = random;
  }

  /**
   * The next click, or null when no impression is available yet (only before the first fresh click,
   * if minting is behind).
   */
  PlannedClick next() {
    returnedSlot = -1;
    double draw = random.nextDouble();
    int ad = popularity.sample(random);
    if (draw < duplicateRatio && clickedCount > 0) {
      return repeat();
    }
    MintedImpression fresh = supply.take(ad);
    if (fresh == null) {
      // Minting fell behind this ad's demand: repeating keeps the rate, and the ledger says so.
      starved++;
      return clickedCount > 0 ? repeat() : null;
    }
    long adId = adIds.get(ad);
    if (draw >= 1 - forgedRatio) {
      // Never remembered: a forged impression must never also be clicked validly.
      return new PlannedClick(
          fresh.impressionId(),
          adId,
          ForgedToken.forge(fresh.clickPath(), random),
          true,
          false,
          PlannedClick.NO_TARGET);
    }
    PlannedClick click =
        new PlannedClick(
            fresh.impressionId(), adId, fresh.clickPath(), false, false, PlannedClick.NO_TARGET);
    returnedSlot = (int) (clickedCount++ % REMEMBERED);
    clicked[returnedSlot] = click;
    lastTargets[returnedSlot] = PlannedClick.NO_TARGET;
    return click;
  }

  /**
   * Records that the click {@link #next} returned last went to {@code target}, for the next repeat
   * of its impression to carry as its {@link PlannedClick#lastTarget}. Not called for a click no
   * target took.
   */
  void sentTo(int target) {
    if (returnedSlot >= 0) {
      lastTargets[returnedSlot] = target;
    }
  }

  /** Clicks that had to repeat an impression because the ad's fresh stock was empty. */
  long starved() {
    return starved;
  }

  private PlannedClick repeat() {
    int filled = (int) Math.min(clickedCount, REMEMBERED);
    returnedSlot = random.nextInt(filled);
    PlannedClick earlier = clicked[returnedSlot];
    return new PlannedClick(
        earlier.impressionId(),
        earlier.adId(),
        earlier.path(),
        false,
        true,
        lastTargets[returnedSlot]);
  }
}
