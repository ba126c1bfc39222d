package io.adclick.tools.loadgen;

import io.adclick.tools.api.AdclickApi.MintedImpression;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Decides what each click is: the ad by Zipf popularity, then a forged token, a repeat of an
 * impression already clicked, or a fresh impression. Used by the sender thread only.
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
  private long clickedCount;
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
          fresh.impressionId(), adId, ForgedToken.forge(fresh.clickPath(), random), true, false);
    }
    PlannedClick click =
        new PlannedClick(fresh.impressionId(), adId, fresh.clickPath(), false, false);
    clicked[(int) (clickedCount++ % REMEMBERED)] = click;
    return click;
  }

  /** Clicks that had to repeat an impression because the ad's fresh stock was empty. */
  long starved() {
    return starved;
  }

  private PlannedClick repeat() {
    int filled = (int) Math.min(clickedCount, REMEMBERED);
    PlannedClick earlier = clicked[random.nextInt(filled)];
    return new PlannedClick(earlier.impressionId(), earlier.adId(), earlier.path(), false, true);
  }
}
