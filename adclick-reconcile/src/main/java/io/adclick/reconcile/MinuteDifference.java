package io.adclick.reconcile;

/**
 * One ad's minute where the store and the recount disagree.
 *
 * @param stored the store's total, 0 where it has no row
 * @param recounted the lake's, 0 where it has no counted click
 */
public record MinuteDifference(
    long advertiserId, long adId, long minuteStart, long stored, long recounted) {

  /** Clicks the repair adds (negative: removes). */
  public long delta() {
    return recounted - stored;
  }
}
