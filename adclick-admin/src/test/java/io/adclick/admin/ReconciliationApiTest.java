package io.adclick.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adclick.http.ApiException;
import io.adclick.http.ApiRequest;
import io.adclick.http.ApiResponse;
import io.adclick.reconcile.Comparison;
import io.adclick.reconcile.Correction;
import io.adclick.reconcile.LakeSql;
import io.adclick.reconcile.ReconciliationJobs;
import io.adclick.reconcile.ReconciliationLog;
import io.adclick.reconcile.ReconciliationRun;
import io.adclick.time.Granularity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconciliation and SQL endpoints as plain functions over a real log and a real runner. */
class ReconciliationApiTest {
  private static final String ADMIN = "admin-token-for-tests";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final long TEN = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();

  @TempDir Path dir;
  private final CountDownLatch release = new CountDownLatch(1);
  private ReconciliationLog log;
  private ReconciliationJobs jobs;
  private ReconciliationApi api;

  @BeforeEach
  void open() throws Exception {
    log = ReconciliationLog.open(dir.resolve("reconciliation.duckdb"));
    jobs =
        new ReconciliationJobs(
            (from, to, dryRun, progress) -> {
              release.await(10, TimeUnit.SECONDS);
              return log.record(
                  new ReconciliationRun(0, 0, from, to, dryRun, new Comparison(4, 1, 2, 0), 0, 9),
                  List.of());
            });
    api = new ReconciliationApi(ADMIN, log, jobs, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void close() throws Exception {
    release.countDown();
    jobs.close();
    log.close();
  }

  @Test
  void aRunStartedOnDemandIsFollowedUntilRecordedThenListed() throws Exception {
    ApiResponse started =
        api.startRun(
            post(
                ADMIN,
                "{\"from\":\"2026-11-24T10:00:00Z\",\"to\":\"2026-11-24T11:00:00Z\",\"dryRun\":true}"));

    assertThat(started.status()).isEqualTo(202);
    String location = started.headers().get("Location");
    long jobId = JSON.readTree(started.body()).get("id").asLong();
    assertThat(location).isEqualTo(ReconciliationApi.JOBS_PATH + jobId);
    assertThat(JSON.readTree(started.body()).get("state").asText()).isEqualTo("running");
    assertThatThrownBy(
            () ->
                api.startRun(
                    post(
                        ADMIN,
                        "{\"from\":\"2026-11-24T10:00:00Z\",\"to\":\"2026-11-24T11:00:00Z\"}")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
    release.countDown();
    jobs.job(jobId).orElseThrow().await(Duration.ofSeconds(10));

    JsonNode job = body(api.job(get(ADMIN, Map.of("jobId", "" + jobId), Map.of())));
    assertThat(job.get("state").asText()).isEqualTo("succeeded");
    assertThat(job.get("progress").asDouble()).isEqualTo(1.0);
    assertThat(job.get("run").get("rowsDiffering").asLong()).isEqualTo(1);
    JsonNode runs = body(api.runs(get(ADMIN, Map.of(), Map.of("limit", List.of("5")))));
    assertThat(runs.get("runs")).hasSize(1);
    assertThat(runs.get("runs").get(0).get("from").asText()).isEqualTo("2026-11-24T10:00:00Z");
    assertThat(runs.get("runs").get(0).get("dryRun").asBoolean()).isTrue();
  }

  @Test
  void correctionsOfAKnownRunAreListedAndAnUnknownRunIs404() throws Exception {
    ReconciliationRun run =
        log.record(
            new ReconciliationRun(
                0, 0, TEN, TEN + 3_600_000, false, new Comparison(1, 1, 0, 3), 2, 1),
            List.of(
                new Correction(Granularity.MINUTE, 100, 7, TEN, 5, 2, Correction.Reason.RECOUNT),
                new Correction(Granularity.HOUR, 100, 0, TEN, 5, 2, Correction.Reason.ROLLUP)));

    JsonNode corrections =
        body(
            api.corrections(
                get(ADMIN, Map.of("runId", "" + run.id()), Map.of("limit", List.of("1")))));

    assertThat(corrections.get("truncated").asBoolean()).isTrue();
    assertThat(corrections.get("corrections").get(0).toString())
        .isEqualTo(
            "{\"granularity\":\"minute\",\"advertiserId\":100,\"adId\":7,"
                + "\"bucketStart\":\"2026-11-24T10:00:00Z\",\"before\":5,\"after\":2,"
                + "\"reason\":\"recount\"}");
    assertThatThrownBy(() -> api.corrections(get(ADMIN, Map.of("runId", "99"), Map.of())))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void aRunRequestIsValidatedWithAPreciseMessage() {
    assertBad("{\"to\":\"2026-11-24T11:00:00Z\"}", "parameter 'from': is required");
    assertBad(
        "{\"from\":\"yesterday\",\"to\":\"2026-11-24T11:00:00Z\"}",
        "parameter 'from': is not an ISO-8601 instant");
    assertBad(
        "{\"from\":\"2026-11-24T10:00:30Z\",\"to\":\"2026-11-24T11:00:00Z\"}",
        "parameter 'from': must be a whole minute");
    assertBad(
        "{\"from\":\"2026-11-24T11:00:00Z\",\"to\":\"2026-11-24T11:00:00Z\"}",
        "parameter 'to': must be later than from");
    assertBad(
        "{\"from\":\"2026-10-01T00:00:00Z\",\"to\":\"2026-11-24T11:00:00Z\"}",
        "parameter 'to': must be at most 31 days after from");
    assertBad(
        "{\"from\":\"2026-11-24T11:00:00Z\",\"to\":\"2026-11-24T13:00:00Z\"}",
        "parameter 'to': must not be in the future");
    assertBad(
        "{\"from\":\"2026-11-24T10:00:00Z\",\"to\":\"2026-11-24T11:00:00Z\",\"dryRun\":\"yes\"}",
        "parameter 'dryRun': must be true or false");
  }

  @Test
  void everyEndpointWantsTheAdminToken() {
    for (Runnable call :
        List.<Runnable>of(
            () -> api.runs(get("wrong", Map.of(), Map.of())),
            () -> api.corrections(get(null, Map.of("runId", "1"), Map.of())),
            () -> api.startRun(post("wrong", "{}")),
            () -> api.job(get("wrong", Map.of("jobId", "1"), Map.of())),
            () -> new LakeSqlApi(ADMIN, null).query(post("wrong", "{\"sql\":\"SELECT 1\"}")))) {
      assertThatThrownBy(call::run)
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    }
  }

  @Test
  void sqlAnswersASelectAndRefusesACopyWith400() throws Exception {
    LakeSqlApi sql =
        new LakeSqlApi(ADMIN, new LakeSql(dir.resolve("lake"), 100, Duration.ofSeconds(10), 64));

    JsonNode answer =
        body(sql.query(post(ADMIN, "{\"sql\":\"SELECT count(*) AS n FROM clicks\"}")));
    assertThat(answer.toString())
        .isEqualTo("{\"columns\":[\"n\"],\"rows\":[[0]],\"truncated\":false}");
    assertThatThrownBy(() -> sql.query(post(ADMIN, "{\"sql\":\"COPY (SELECT 1) TO 'x.csv'\"}")))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.getMessage()).contains("only a single SELECT");
            });
  }

  private void assertBad(String body, String message) {
    assertThatThrownBy(() -> api.startRun(post(ADMIN, body)))
        .as(body)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.getMessage()).startsWith(message);
            });
    assertThat(jobs.running()).isEmpty();
  }

  private static JsonNode body(ApiResponse response) throws Exception {
    assertThat(response.status()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static ApiRequest get(
      String bearer, Map<String, String> path, Map<String, List<String>> query) {
    return new ApiRequest("GET", "/", path, query, auth(bearer), null);
  }

  private static ApiRequest post(String bearer, String body) {
    return new ApiRequest(
        "POST", "/", Map.of(), Map.of(), auth(bearer), body.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> auth(String bearer) {
    return bearer == null ? Map.of() : Map.of("authorization", "Bearer " + bearer);
  }
}
