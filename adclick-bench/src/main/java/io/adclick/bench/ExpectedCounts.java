package io.adclick.bench;

/**
 * What the job must count: the first click of every impression, per ad. Filled in while the clicks
 * are generated, so the check after the run needs no second source of truth.
 */
final class ExpectedCounts {
  private final long[] perAd;
  private long firstClicks;
  private long duplicates;

  ExpectedCounts(int ads) {
    this.perAd = new long[ads];
  }

  void firstClick(long adId) {
    perAd[index(adId)]++;
    firstClicks++;
  }

  void duplicate() {
    duplicates++;
  }

  long of(long adId) {
    return perAd[index(adId)];
  }

  int ads() {
    return perAd.length;
  }

  /** Distinct impressions clicked: the number of dedup keys, and the total the store must hold. */
  long firstClicks() {
    return firstClicks;
  }

  long duplicates() {
    return duplicates;
  }

  /** Ad ids run from 1 to {@link #ads()}. */
  private static int index(long adId) {
    return Math.toIntExact(adId - 1);
  }
}
