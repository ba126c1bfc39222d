package io.adclick.bench;

/**
 * The store's totals against what the benchmark produced.
 *
 * @param expected distinct impressions clicked
 * @param stored sum over all ads of the store's day totals
 * @param wrongAds ads whose own total differs (0 when the check passes)
 */
record CountCheck(long expected, long stored, int wrongAds) {
  boolean passed() {
    return expected == stored && wrongAds == 0;
  }
}
