package io.adclick.reconcile;

/**
 * What comparing the store with the recount over a range found.
 *
 * @param rowsChecked buckets either side had: each ad's minutes, and each ad's and advertiser's
 *     hours and days wholly inside the range
 * @param rowsDiffering those where the two disagree
 * @param clicksToAdd clicks the store lacks, summed over the minutes where it has too few
 * @param clicksToRemove clicks the store has too many, summed over the minutes where it has more
 */
public record Comparison(
    long rowsChecked, long rowsDiffering, long clicksToAdd, long clicksToRemove) {

  static final Comparison NONE = new Comparison(0, 0, 0, 0);

  /** The rows alone: for buckets that sum minutes whose clicks are counted already. */
  Comparison rowsOnly() {
    return new Comparison(rowsChecked, rowsDiffering, 0, 0);
  }

  Comparison plus(Comparison other) {
    return new Comparison(
        rowsChecked + other.rowsChecked,
        rowsDiffering + other.rowsDiffering,
        clicksToAdd + other.clicksToAdd,
        clicksToRemove + other.clicksToRemove);
  }
}
