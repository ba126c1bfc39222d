package io.adclick.tools.loadgen;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Picks one of {@code n} items with probability proportional to {@code 1 / rank^exponent}: a few
 * hot ads and a long tail, as ad popularity goes. Exponent 0 is uniform.
 */
final class ZipfSampler {
  private final double[] cumulative;

  ZipfSampler(int n, double exponent) {
    if (n < 1) {
      throw new IllegalArgumentException("need at least one item, got " + n);
    }
    if (exponent < 0) {
      throw new IllegalArgumentException("exponent must be >= 0, got " + exponent);
    }
    cumulative = new double[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += 1 / Math.pow(k + 1, exponent);
      cumulative[k] = sum;
    }
    for (int k = 0; k < n; k++) {
      cumulative[k] /= sum;
    }
    cumulative[n - 1] = 1; // rounding must not leave a gap above the last item
  }

  int size() {
    return cumulative.length;
  }

  double probability(int index) {
    return index == 0 ? cumulative[0] : cumulative[index] - cumulative[index - 1];
  }

  /** An index in {@code [0, n)}; index 0 is the most popular. */
  int sample(RandomGenerator random) {
    int at = Arrays.binarySearch(cumulative, random.nextDouble());
    // not found: (-(insertion point) - 1); the first cumulative above the draw is the item
    return at >= 0 ? Math.min(at + 1, cumulative.length - 1) : -at - 1;
  }
}
