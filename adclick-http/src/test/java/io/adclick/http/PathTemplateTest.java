package io.adclick.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PathTemplateTest {
  private final PathTemplate metrics = PathTemplate.parse("/api/v1/ads/{adId}/metrics");

  @Test
  void extractsNamedParameters() {
    assertThat(metrics.match("/api/v1/ads/42/metrics")).isEqualTo(Map.of("adId", "42"));
  }

  @Test
  void refusesOtherShapes() {
    assertThat(metrics.match("/api/v1/ads/42")).isNull();
    assertThat(metrics.match("/api/v1/ads/42/metrics/extra")).isNull();
    assertThat(metrics.match("/api/v1/ad/42/metrics")).isNull();
    assertThat(metrics.match("api/v1/ads/42/metrics")).isNull();
  }

  @Test
  void literalTemplatesHaveNoParameters() {
    assertThat(PathTemplate.parse("/healthz").match("/healthz")).isEmpty();
    assertThat(PathTemplate.parse("/healthz").match("/healthz/")).isNull();
  }

  @Test
  void anEmptySegmentStillMatchesAParameter() {
    assertThat(PathTemplate.parse("/c/{token}").match("/c/")).isEqualTo(Map.of("token", ""));
  }
}
