package io.adclick.bench.store;

import java.util.SplittableRandom;

/**
 * Draws ranks {@code 0..n-1} with probability proportional to {@code 1 / (rank + 1)^exponent} in
 * constant time (Walker's alias method), where a cumulative table needs a binary search over {@code
 * n} doubles: the fill draws 100M clicks over 10M ads, and the search's cache misses were a third
 * of its time. Memory: 12 bytes per rank.
 */
final class ZipfAlias {

  private final double[] keep;
  private final int[] alias;

  ZipfAlias(int n, double exponent) {
    if (n < 1 || exponent < 0) {
      throw new IllegalArgumentException("need n >= 1 and exponent >= 0: " + n + ", " + exponent);
    }
    keep = new double[n];
    alias = new int[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      keep[k] = Math.pow(k + 1, -exponent);
      sum += keep[k];
    }
    // Scaled so the average is 1; ranks below 1 are topped up by one above 1 (their alias).
    int[] small = new int[n];
    int[] large = new int[n];
    int smalls = 0;
    int larges = 0;
    for (int k = 0; k < n; k++) {
      keep[k] = keep[k] * n / sum;
      if (keep[k] < 1) {
        small[smalls++] = k;
      } else {
        large[larges++] = k;
      }
    }
    while (smalls > 0 && larges > 0) {
      int s = small[--smalls];
      int l = large[--larges];
      alias[s] = l;
      keep[l] -= 1 - keep[s];
      if (keep[l] < 1) {
        small[smalls++] = l;
      } else {
        large[larges++] = l;
      }
    }
    // Rounding leaves a few at almost exactly 1: they keep themselves.
    while (larges > 0) {
      keep[large[--larges]] = 1;
    }
    while (smalls > 0) {
      keep[small[--smalls]] = 1;
    }
  }

  int sample(SplittableRandom random) {
    int k = random.nextInt(keep.length);
    return random.nextDouble() < keep[k] ? k : alias[k];
  }
}
