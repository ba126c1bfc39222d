package io.adclick.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZipfSamplerTest {

  @Test
  void probabilitiesFollowOneOverRankToTheExponent() {
    ZipfSampler zipf = new ZipfSampler(3, 1.0);
    double h = 1 + 1 / 2.0 + 1 / 3.0;

    assertThat(zipf.probability(0)).isCloseTo(1 / h, within(1e-12));
    assertThat(zipf.probability(1)).isCloseTo(0.5 / h, within(1e-12));
    assertThat(zipf.probability(2)).isCloseTo((1 / 3.0) / h, within(1e-12));
  }

  @Test
  void exponentZeroIsUniform() {
    ZipfSampler zipf = new ZipfSampler(4, 0);
    for (int i = 0; i < 4; i++) {
      assertThat(zipf.probability(i)).isCloseTo(0.25, within(1e-12));
    }
  }

  @Test
  void samplesMatchTheProbabilities() {
    ZipfSampler zipf = new ZipfSampler(10, 1.2);
    SplittableRandom random = new SplittableRandom(42);
    int draws = 200_000;
    int[] seen = new int[10];
    for (int i = 0; i < draws; i++) {
      seen[zipf.sample(random)]++;
    }
    for (int i = 0; i < 10; i++) {
      assertThat(seen[i] / (double) draws).isCloseTo(zipf.probability(i), within(0.005));
    }
  }

  @Test
  void aSingleItemIsAlwaysPicked() {
    ZipfSampler zipf = new ZipfSampler(1, 2);
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 1000; i++) {
      assertThat(zipf.sample(random)).isZero();
    }
  }
}
