package io.adclick.app;

import io.adclick.app.embedded.EmbeddedAggregation;
import io.adclick.http.ApiException;
import io.adclick.http.ApiRequest;
import io.adclick.http.ApiResponse;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /healthz}: 200 once the job runs. Kafka and the stores are up before the port even
 * opens, so the job is the one part that can lag behind.
 */
final class Health {
  private final Supplier<EmbeddedAggregation> aggregation;

  Health(Supplier<EmbeddedAggregation> aggregation) {
    this.aggregation = aggregation;
  }

  ApiResponse check(ApiRequest request) {
    EmbeddedAggregation job = aggregation.get();
    if (job == null) {
      throw ApiException.unavailable("the aggregation job is starting");
    }
    if (!job.isRunning()) {
      throw ApiException.unavailable("the aggregation job is " + job.status());
    }
    return ApiResponse.json(200, Map.of("status", "ok"));
  }
}
