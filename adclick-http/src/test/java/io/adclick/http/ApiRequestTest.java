package io.adclick.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiRequestTest {
  private static ApiRequest withHeader(String authorization) {
    return new ApiRequest(
        "GET", "/", Map.of(), Map.of(), Map.of("authorization", authorization), new byte[0]);
  }

  @Test
  void readsBearerCredentialsCaseInsensitively() {
    assertThat(withHeader("Bearer abc").bearer()).hasValue("abc");
    assertThat(withHeader("bearer abc ").bearer()).hasValue("abc");
    assertThat(withHeader("Basic abc").bearer()).isEmpty();
    assertThat(withHeader("Bearer ").bearer()).isEmpty();
  }

  @Test
  void aRepeatedQueryParameterIsABadRequest() {
    ApiRequest request =
        new ApiRequest("GET", "/", Map.of(), Map.of("from", List.of("a", "b")), Map.of(), null);

    assertThatThrownBy(() -> request.queryParam("from"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("'from'");
  }
}
