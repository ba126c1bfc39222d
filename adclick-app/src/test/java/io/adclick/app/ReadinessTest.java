package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adclick.http.ApiException;
import io.adclick.http.ApiResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadinessTest {

  @Test
  void readyWhenEveryCheckPassesListingThem() throws Exception {
    Readiness readiness =
        new Readiness(
            List.of(
                new Readiness.Check("kafka", Optional::empty),
                new Readiness.Check("job", Optional::empty)));

    ApiResponse answer = readiness.ready(null);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(ApiClient.JSON.readTree(answer.body()))
        .isEqualTo(
            ApiClient.JSON.valueToTree(
                Map.of("status", "ok", "checks", Map.of("kafka", "ok", "job", "ok"))));
  }

  @Test
  void notReadyNamesEveryFailingCheckAndWhyAndAThrowingCheckFailsToo() {
    Readiness readiness =
        new Readiness(
            List.of(
                new Readiness.Check("kafka", () -> Optional.of("no answer within 2 s")),
                new Readiness.Check("spool", Optional::empty),
                new Readiness.Check(
                    "store",
                    () -> {
                      throw new IllegalStateException("connection refused");
                    })));

    assertThatThrownBy(() -> readiness.ready(null))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503))
        .hasMessage("not ready: kafka: no answer within 2 s; store: connection refused");
  }

  @Test
  void aliveWhateverTheChecksSay() {
    Readiness readiness =
        new Readiness(List.of(new Readiness.Check("job", () -> Optional.of("starting"))));

    assertThat(readiness.alive(null).status()).isEqualTo(200);
  }
}
