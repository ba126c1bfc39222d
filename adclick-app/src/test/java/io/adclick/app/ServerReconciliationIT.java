package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.adclick.http.HttpRouter;
import io.adclick.stream.ArchiveFiles;
import io.adclick.testing.LocalPorts;
import io.adclick.time.Granularity;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconciliation on the real all-in-one server: clicks go through the click path, the lake commits
 * them, and a run on demand over their range finds the store right; the CLI reconciles and queries
 * the lake through the admin API, and the SQL endpoint refuses writes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerReconciliationIT {
  private static final String ADMIN = TestConfigs.ADMIN;
  private static final String RUNS = "/api/v1/admin/reconciliation/runs";
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int IMPRESSIONS = 6;
  private static final int REPEATS = 2;

  @TempDir static Path dataDir;
  private static AllInOneServer server;
  private static ApiClient api;
  private static String from;
  private static String to;
  private static long runId;
  private static long jobId;

  @BeforeAll
  static void clickThenAwaitTheLakeAndTheStore() throws Exception {
    server = TestConfigs.startHealthy(dataDir, null);
    api = new ApiClient(server.baseUrl());
    JsonNode advertiser = api.postOk("/api/v1/advertisers", ADMIN, "{\"name\":\"Acme\"}");
    String key = advertiser.get("apiKey").asText();
    long ad = api.createAd(advertiser.get("id").asLong(), "https://acme.example/");
    List<String> links = api.mint(ad, IMPRESSIONS, null);
    long first = Granularity.MINUTE.bucketStart(System.currentTimeMillis());
    for (String link : links) {
      assertThat(api.get(link, (String) null).statusCode()).isEqualTo(302);
    }
    for (String link : links.subList(0, REPEATS)) {
      assertThat(api.get(link, (String) null).statusCode()).isEqualTo(302);
    }
    long end = Granularity.MINUTE.bucketStart(System.currentTimeMillis()) + 60_000;
    from = Instant.ofEpochMilli(first).toString();
    to = Instant.ofEpochMilli(end).toString();

    Path lake = dataDir.toAbsolutePath().resolve("lake");
    Eventually.assertThat(
        WAIT,
        "the lake has committed every logged click",
        () -> ArchiveFiles.rows(lake).size() >= IMPRESSIONS + REPEATS);
    String metrics = "/api/v1/ads/" + ad + "/metrics?granularity=minute&from=" + from + "&to=" + to;
    Eventually.assertThat(
        WAIT,
        "the store counts each impression once",
        () -> ApiClient.json(api.get(metrics, key)).get("total").asLong() == IMPRESSIONS);
    // A range still open cannot be reconciled: its minutes are not final.
    Eventually.assertThat(
        WAIT, "the clicks' last minute is over", () -> System.currentTimeMillis() >= end);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void aRunOnDemandFindsTheStoreRightAndIsListed() throws Exception {
    OpenApiCheck check = new OpenApiCheck(ApiClient.json(api.get("/api/v1/openapi.json", null)));
    HttpResponse<String> started = startRun("{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}");
    check.assertDocumentedAnswer("POST", RUNS, started);
    String location = started.headers().firstValue("Location").orElseThrow();
    jobId = ApiClient.json(started).get("id").asLong();

    AtomicReference<JsonNode> job = new AtomicReference<>();
    Eventually.assertThat(
        WAIT,
        "the run is recorded",
        () -> {
          job.set(ApiClient.json(api.get(location, ADMIN)));
          return !job.get().get("state").asText().equals("running");
        });

    assertThat(job.get().get("state").asText()).as(job.get().toString()).isEqualTo("succeeded");
    JsonNode run = job.get().get("run");
    assertThat(run.get("rowsChecked").asLong()).isPositive();
    assertThat(run.get("rowsDiffering").asLong()).isZero();
    assertThat(run.get("corrections").asLong()).isZero();
    assertThat(job.get().get("progress").asDouble()).isEqualTo(1.0);
    runId = run.get("id").asLong();
    JsonNode runs = ApiClient.json(api.get(RUNS, ADMIN));
    assertThat(runs.get("runs").get(0)).isEqualTo(run);
  }

  @Test
  @Order(2)
  void theAdminAnswersAreAsDocumented() throws Exception {
    OpenApiCheck check = new OpenApiCheck(ApiClient.json(api.get("/api/v1/openapi.json", null)));
    Map<String, String> pathValues = Map.of("runId", "" + runId, "jobId", "" + jobId);
    for (HttpRouter.Endpoint endpoint : server.endpoints()) {
      if (endpoint.method().equals("GET") && endpoint.template().startsWith("/api/v1/admin/")) {
        check.assertAnswerMatches(endpoint, pathValues, "Bearer " + ADMIN);
      }
    }
    HttpResponse<String> unknown = api.get(RUNS + "/999/corrections", ADMIN);
    assertThat(unknown.statusCode()).isEqualTo(404);
    check.assertDocumentedAnswer("GET", RUNS + "/{runId}/corrections", unknown);
    HttpResponse<String> bad = startRun("{\"from\":\"" + to + "\",\"to\":\"" + from + "\"}");
    assertThat(ApiClient.json(bad).get("message").asText())
        .isEqualTo("parameter 'to': must be later than from");
    check.assertDocumentedAnswer("POST", RUNS, bad);
  }

  @Test
  @Order(3)
  void theCliReconcilesThroughTheServerAndSummarizes() throws Exception {
    Cli.Run run = reconcile(server.baseUrl(), ADMIN, from, to, "--dry-run");

    assertThat(run.exitCode()).isZero();
    assertThat(run.output())
        .contains("reconciled " + from + " .. " + to + " (dry run: nothing repaired)")
        .containsPattern("rows checked +[1-9]")
        .containsPattern("rows differing +0\n")
        .containsPattern("clicks to add +0\n")
        .containsPattern("run id +" + (runId + 1) + "\n")
        .contains("100%");
  }

  @Test
  @Order(4)
  void theCliSaysWhyItFailed() throws Exception {
    Cli.Run wrongToken = reconcile(server.baseUrl(), "nope", from, to);
    assertThat(wrongToken.exitCode()).isEqualTo(1);
    assertThat(wrongToken.output()).contains("answered 401: a valid admin token is required");

    Cli.Run unreachable = reconcile("http://127.0.0.1:" + LocalPorts.free(), ADMIN, from, to);
    assertThat(unreachable.exitCode()).isEqualTo(1);
    assertThat(unreachable.output()).contains("adclick reconcile: cannot reach http://127.0.0.1:");

    Cli.Run badRange = reconcile(server.baseUrl(), ADMIN, "2026-01-01T00:00:30Z", to);
    assertThat(badRange.exitCode()).isEqualTo(1);
    assertThat(badRange.output()).contains("parameter 'from': must be a whole minute");
  }

  @Test
  @Order(5)
  void theCliQueriesTheLakeAndTheEndpointRefusesWrites() throws Exception {
    Cli.Run count =
        sql("SELECT count(*) AS clicks, count(DISTINCT impression_lo) AS impressions FROM clicks");

    assertThat(count.exitCode()).isZero();
    assertThat(count.output())
        .contains(
            "clicks  impressions\n------  -----------\n     "
                + (IMPRESSIONS + REPEATS)
                + "            "
                + IMPRESSIONS
                + "\n(1 row)\n");
    Cli.Run csv = sql("--format", "csv", "SELECT count(*) AS n FROM clicks");
    assertThat(csv.output()).contains("n\r\n" + (IMPRESSIONS + REPEATS) + "\r\n");

    OpenApiCheck check = new OpenApiCheck(ApiClient.json(api.get("/api/v1/openapi.json", null)));
    Path out = dataDir.toAbsolutePath().resolve("lake").resolve("stolen.csv");
    for (String write :
        List.of(
            "COPY (SELECT * FROM clicks) TO '" + out + "'",
            "ATTACH '" + dataDir.toAbsolutePath().resolve("x.duckdb") + "' AS x")) {
      HttpResponse<String> refused =
          api.post(
              "/api/v1/admin/sql",
              ADMIN,
              ApiClient.JSON.createObjectNode().put("sql", write).toString());
      assertThat(refused.statusCode()).as(write).isEqualTo(400);
      assertThat(ApiClient.json(refused).get("message").asText())
          .isEqualTo("only a single SELECT query is allowed (the lake is read-only)");
      check.assertDocumentedAnswer("POST", "/api/v1/admin/sql", refused);
    }
    assertThat(out).doesNotExist();
    HttpResponse<String> answer =
        api.post(
            "/api/v1/admin/sql", ADMIN, "{\"sql\":\"SELECT kind, dt, hour FROM clicks LIMIT 1\"}");
    check.assertDocumentedAnswer("POST", "/api/v1/admin/sql", answer);
  }

  private static Cli.Run sql(String... args) {
    List<String> all =
        new java.util.ArrayList<>(
            List.of("sql", "--target", server.baseUrl(), "--admin-token", ADMIN));
    all.addAll(List.of(args));
    return Cli.adclick(all.toArray(String[]::new));
  }

  private static Cli.Run reconcile(
      String target, String token, String from, String to, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "reconcile",
                "--target",
                target,
                "--admin-token",
                token,
                "--from",
                from,
                "--to",
                to));
    args.addAll(List.of(more));
    return Cli.adclick(args.toArray(String[]::new));
  }

  /** Starts a run, waiting out a scheduled one that may hold the runner (409). */
  private static HttpResponse<String> startRun(String body) throws Exception {
    AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
    Eventually.assertThat(
        WAIT,
        "no other reconciliation runs",
        () -> {
          answer.set(api.post(RUNS, ADMIN, body));
          return answer.get().statusCode() != 409;
        });
    return answer.get();
  }
}
