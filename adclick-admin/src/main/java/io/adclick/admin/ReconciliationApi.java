package io.adclick.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.adclick.admin.ReconciliationViews.CorrectionView;
import io.adclick.admin.ReconciliationViews.Corrections;
import io.adclick.admin.ReconciliationViews.JobView;
import io.adclick.admin.ReconciliationViews.RunView;
import io.adclick.admin.ReconciliationViews.Runs;
import io.adclick.http.ApiException;
import io.adclick.http.ApiRequest;
import io.adclick.http.ApiResponse;
import io.adclick.http.Json;
import io.adclick.reconcile.Correction;
import io.adclick.reconcile.ReconciliationJob;
import io.adclick.reconcile.ReconciliationJobs;
import io.adclick.reconcile.ReconciliationLog;
import io.adclick.time.Granularity;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The reconciliation endpoints: the recorded runs and their corrections, and runs on demand,
 * started here and followed as jobs until recorded.
 */
public final class ReconciliationApi {
  public static final String JOBS_PATH = "/api/v1/admin/reconciliation/jobs/";

  /** A run holds its range's differences in memory until the repair: bounded by the range. */
  static final Duration MAX_RANGE = Duration.ofDays(31);

  static final int MAX_RUNS = 1000;
  static final int MAX_CORRECTIONS = 10_000;

  private final AdminAuth auth;
  private final ReconciliationLog log;
  private final ReconciliationJobs jobs;
  private final Clock clock;

  /**
   * @param jobs the runner of on-demand runs, or null when reconciliation is off (the lake is not a
   *     local folder)
   */
  public ReconciliationApi(
      String adminToken, ReconciliationLog log, ReconciliationJobs jobs, Clock clock) {
    this.auth = new AdminAuth(adminToken);
    this.log = log;
    this.jobs = jobs;
    this.clock = clock;
  }

  /** {@code GET /api/v1/admin/reconciliation/runs?limit=}: the latest runs first. */
  public ApiResponse runs(ApiRequest request) {
    auth.require(request);
    int limit = Fields.queryInt(request, "limit", 50, 1, MAX_RUNS);
    try {
      return ApiResponse.json(200, new Runs(log.runs(limit).stream().map(RunView::of).toList()));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the reconciliation log", e);
    }
  }

  /** {@code GET /api/v1/admin/reconciliation/runs/{runId}/corrections?limit=}. */
  public ApiResponse corrections(ApiRequest request) {
    auth.require(request);
    long runId = Fields.pathId(request, "runId");
    int limit = Fields.queryInt(request, "limit", 1000, 1, MAX_CORRECTIONS);
    List<Correction> made;
    try {
      if (log.run(runId).isEmpty()) {
        throw ApiException.notFound("reconciliation run " + runId + " does not exist");
      }
      made = log.corrections(runId, limit + 1L);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the reconciliation log", e);
    }
    boolean truncated = made.size() > limit;
    List<CorrectionView> shown = made.stream().limit(limit).map(CorrectionView::of).toList();
    return ApiResponse.json(200, new Corrections(runId, shown, truncated));
  }

  /**
   * {@code POST /api/v1/admin/reconciliation/runs}: starts a run of {@code [from, to)}; 202 with
   * the job to follow at its {@code Location}, 409 while another runs.
   */
  public ApiResponse startRun(ApiRequest request) {
    auth.require(request);
    JsonNode body = Json.readObject(request.body());
    long from = wholeMinute(body, "from");
    long to = wholeMinute(body, "to");
    boolean dryRun = Fields.optionalBoolean(body, "dryRun", false);
    if (to <= from) {
      throw ApiException.badParameter("to", "must be later than from");
    }
    if (to - from > MAX_RANGE.toMillis()) {
      throw ApiException.badParameter(
          "to", "must be at most " + MAX_RANGE.toDays() + " days after from");
    }
    if (to > clock.millis()) {
      throw ApiException.badParameter("to", "must not be in the future");
    }
    ReconciliationJob job =
        requireJobs()
            .start(from, to, dryRun, ReconciliationJob.Origin.ON_DEMAND)
            .orElseThrow(
                () ->
                    new ApiException(
                        409, "conflict", "a reconciliation is running; try again when it is done"));
    return new ApiResponse(
        202,
        ApiResponse.JSON,
        Json.write(JobView.of(job)),
        Map.of("Location", JOBS_PATH + job.id()));
  }

  /** {@code GET /api/v1/admin/reconciliation/jobs/{jobId}}: a recent job's state and progress. */
  public ApiResponse job(ApiRequest request) {
    auth.require(request);
    long jobId = Fields.pathId(request, "jobId");
    ReconciliationJob job =
        requireJobs()
            .job(jobId)
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "reconciliation job " + jobId + " does not exist (or is long done)"));
    return ApiResponse.json(200, JobView.of(job));
  }

  private ReconciliationJobs requireJobs() {
    if (jobs == null) {
      throw ApiException.unavailable(
          "reconciliation is off on this server: it needs the lake in a local folder");
    }
    return jobs;
  }

  private static long wholeMinute(JsonNode body, String field) {
    long millis = Fields.instant(body, field);
    if (millis < 0 || Granularity.MINUTE.bucketStart(millis) != millis) {
      throw ApiException.badParameter(field, "must be a whole minute after 1970");
    }
    return millis;
  }
}
