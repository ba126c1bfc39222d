package io.adclick.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GranularityTest {
  private static long at(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  @Test
  void alignsDownToTheBucketStart() {
    long t = at("2026-11-24T13:47:59.999Z");

    assertThat(Granularity.MINUTE.bucketStart(t)).isEqualTo(at("2026-11-24T13:47:00Z"));
    assertThat(Granularity.HOUR.bucketStart(t)).isEqualTo(at("2026-11-24T13:00:00Z"));
    assertThat(Granularity.DAY.bucketStart(t)).isEqualTo(at("2026-11-24T00:00:00Z"));
    assertThat(Granularity.MINUTE.bucketEnd(t)).isEqualTo(at("2026-11-24T13:48:00Z"));
  }

  @Test
  void anInstantOnABoundaryStartsTheNextBucket() {
    long t = at("2026-11-24T14:00:00Z");

    assertThat(Granularity.HOUR.bucketStart(t)).isEqualTo(t);
    assertThat(Granularity.MINUTE.bucketStart(t - 1)).isEqualTo(at("2026-11-24T13:59:00Z"));
  }

  @Test
  void parsesOnlyApiNames() {
    assertThat(Granularity.fromApiName("hour")).isEqualTo(Granularity.HOUR);
    assertThatThrownBy(() -> Granularity.fromApiName("HOUR"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Granularity.fromApiName(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
