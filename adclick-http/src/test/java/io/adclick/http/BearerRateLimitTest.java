package io.adclick.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BearerRateLimitTest {

  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(1_000 * SECOND);
  private final BearerRateLimit limit = new BearerRateLimit(2, 3, now::get);
  private final ApiHandler ok = request -> ApiResponse.json(200, Map.of());
  private final ApiHandler limited = limit.limit(ok);

  private static ApiRequest withBearer(String key) {
    Map<String, String> headers = key == null ? Map.of() : Map.of("authorization", "Bearer " + key);
    return new ApiRequest("GET", "/api/v1/ads", Map.of(), Map.of(), headers, null);
  }

  @Test
  void aKeyMayBurstThenIsRefusedWithRetryAfter() {
    for (int i = 0; i < 3; i++) {
      assertThat(limited.handle(withBearer("k1")).status()).isEqualTo(200);
    }

    assertThatThrownBy(() -> limited.handle(withBearer("k1")))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.headers()).containsEntry("Retry-After", "1");
              assertThat(ApiResponse.error(e).headers()).containsEntry("Retry-After", "1");
            });
  }

  @Test
  void tokensComeBackAtTheSustainedRate() {
    for (int i = 0; i < 3; i++) {
      limited.handle(withBearer("k1"));
    }
    now.addAndGet(SECOND / 2 - 1);
    assertThatThrownBy(() -> limited.handle(withBearer("k1"))).isInstanceOf(ApiException.class);

    now.addAndGet(1);
    assertThat(limited.handle(withBearer("k1")).status()).isEqualTo(200);
    assertThatThrownBy(() -> limited.handle(withBearer("k1"))).isInstanceOf(ApiException.class);
  }

  @Test
  void keysAreLimitedIndependently() {
    for (int i = 0; i < 3; i++) {
      limited.handle(withBearer("k1"));
    }

    assertThat(limited.handle(withBearer("k2")).status()).isEqualTo(200);
  }

  @Test
  void requestsWithoutABearerAreLeftToAuthentication() {
    for (int i = 0; i < 10; i++) {
      assertThat(limited.handle(withBearer(null)).status()).isEqualTo(200);
    }
  }

  @Test
  void anIdleKeyRefillsOnlyUpToTheBurst() {
    limited.handle(withBearer("k1"));
    now.addAndGet(10 * SECOND); // 20 tokens' worth of time, capped at the burst of 3
    for (int i = 0; i < 3; i++) {
      limited.handle(withBearer("k1"));
    }
    assertThatThrownBy(() -> limited.handle(withBearer("k1"))).isInstanceOf(ApiException.class);
  }

  @Test
  void rejectsNonsenseSettings() {
    assertThatThrownBy(() -> new BearerRateLimit(0, 3, now::get))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BearerRateLimit(1, 0.5, now::get))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
