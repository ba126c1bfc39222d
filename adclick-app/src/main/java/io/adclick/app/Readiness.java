package io.adclick.app;

import io.adclick.http.ApiException;
import io.adclick.http.ApiRequest;
import io.adclick.http.ApiResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /healthz} and {@code GET /readyz}: alive is the process answering at all (a restart is
 * the cure when it does not); ready is every dependency this server's roles need being usable now
 * (a load balancer sends no traffic until it is, and none while it is not).
 */
final class Readiness {

  /** One dependency: its name and, when it is not usable, why. */
  record Check(String name, Supplier<Optional<String>> problem) {

    /** A dependency that is usable when a call to it returns; a call that throws says why not. */
    static Check answers(String name, Supplier<?> call) {
      return new Check(
          name,
          () -> {
            call.get();
            return Optional.empty();
          });
    }
  }

  private final List<Check> checks;

  Readiness(List<Check> checks) {
    this.checks = List.copyOf(checks);
  }

  ApiResponse alive(ApiRequest request) {
    return ApiResponse.json(200, Map.of("status", "ok"));
  }

  /** 200 listing each check, or 503 naming every check that failed and why. */
  ApiResponse ready(ApiRequest request) {
    Map<String, String> results = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Check check : checks) {
      Optional<String> problem = problemOf(check);
      results.put(check.name(), problem.isPresent() ? "failing" : "ok");
      problem.ifPresent(p -> problems.add(check.name() + ": " + p));
    }
    if (!problems.isEmpty()) {
      throw ApiException.unavailable("not ready: " + String.join("; ", problems));
    }
    return ApiResponse.json(200, Map.of("status", "ok", "checks", results));
  }

  /** A check that throws is failing, with the exception's message: never a 500. */
  private static Optional<String> problemOf(Check check) {
    try {
      return check.problem().get();
    } catch (RuntimeException e) {
      return Optional.of(String.valueOf(e.getMessage()));
    }
  }
}
