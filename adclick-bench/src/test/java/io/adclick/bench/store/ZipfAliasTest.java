package io.adclick.bench.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZipfAliasTest {

  @Test
  void drawsRanksInProportionToTheirZipfWeight() {
    int n = 1000;
    ZipfAlias zipf = new ZipfAlias(n, 1.0);
    SplittableRandom random = new SplittableRandom(1);
    int draws = 2_000_000;
    int[] seen = new int[n];
    for (int i = 0; i < draws; i++) {
      seen[zipf.sample(random)]++;
    }
    double harmonic = 0;
    for (int k = 1; k <= n; k++) {
      harmonic += 1.0 / k;
    }
    for (int rank : new int[] {0, 1, 9, 99, 999}) {
      double expected = draws / ((rank + 1) * harmonic);
      assertThat((double) seen[rank])
          .as("rank %d", rank)
          .isCloseTo(expected, within(expected * 0.1 + 30));
    }
  }

  @Test
  void exponentZeroIsUniform() {
    ZipfAlias zipf = new ZipfAlias(4, 0);
    SplittableRandom random = new SplittableRandom(2);
    int[] seen = new int[4];
    for (int i = 0; i < 400_000; i++) {
      seen[zipf.sample(random)]++;
    }
    for (int count : seen) {
      assertThat(count).isBetween(95_000, 105_000);
    }
  }
}
