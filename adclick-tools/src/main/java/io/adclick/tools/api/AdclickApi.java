package io.adclick.tools.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The admin and query calls the tools make, over the JDK's HTTP client. Not on the click path:
 * these are a few calls per second at most.
 */
public final class AdclickApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String base;
  private final Duration timeout;

  public AdclickApi(String baseUrl, Duration timeout) {
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(timeout)
            .build();
  }

  public record Advertiser(long id, String apiKey) {}

  /**
   * @param clickPath the path of the click link ({@code /c/<token>}), whatever host it names
   */
  public record MintedImpression(String impressionId, String clickPath) {}

  public record Bucket(long startMillis, long clicks, boolean isFinal) {}

  /**
   * @param completeThroughMillis every click before this instant is counted; 0 if not known yet
   */
  public record AdMetrics(long completeThroughMillis, long total, List<Bucket> buckets) {}

  public Advertiser createAdvertiser(String adminToken, String name) throws IOException {
    ObjectNode body = JSON.createObjectNode().put("name", name);
    JsonNode answer = post("/api/v1/advertisers", adminToken, body);
    return new Advertiser(answer.get("id").asLong(), answer.get("apiKey").asText());
  }

  public long createAd(String adminToken, long advertiserId, String name, String targetUrl)
      throws IOException {
    ObjectNode body =
        JSON.createObjectNode()
            .put("advertiserId", advertiserId)
            .put("name", name)
            .put("targetUrl", targetUrl);
    return post("/api/v1/ads", adminToken, body).get("id").asLong();
  }

  /** Mints {@code count} (1..1000) impressions of an ad. */
  public List<MintedImpression> mint(String adminToken, long adId, int count) throws IOException {
    ObjectNode body = JSON.createObjectNode().put("adId", adId).put("count", count);
    List<MintedImpression> minted = new ArrayList<>(count);
    for (JsonNode i : post("/api/v1/impressions", adminToken, body).get("impressions")) {
      String url = i.get("clickUrl").asText();
      minted.add(new MintedImpression(i.get("impressionId").asText(), URI.create(url).getPath()));
    }
    return minted;
  }

  public AdMetrics metrics(String apiKey, long adId, Instant from, Instant to, String granularity)
      throws IOException {
    String path =
        "/api/v1/ads/"
            + adId
            + "/metrics?from="
            + from
            + "&to="
            + to
            + "&granularity="
            + granularity;
    JsonNode answer = call(request(path, apiKey).GET().build(), 200);
    JsonNode complete = answer.get("completeThrough");
    List<Bucket> buckets = new ArrayList<>();
    for (JsonNode b : answer.get("buckets")) {
      buckets.add(
          new Bucket(
              Instant.parse(b.get("start").asText()).toEpochMilli(),
              b.get("clicks").asLong(),
              b.get("final").asBoolean()));
    }
    return new AdMetrics(
        complete == null || complete.isNull() ? 0 : Instant.parse(complete.asText()).toEpochMilli(),
        answer.get("total").asLong(),
        buckets);
  }

  /**
   * A job started on the server: its state as first answered and where to follow it.
   *
   * @param location the job's path, from the answer's {@code Location}
   */
  public record Started(JsonNode job, String location) {}

  /** Starts a reconciliation of {@code [from, to)} (ISO-8601 instants) on the server. */
  public Started startReconciliation(String adminToken, String from, String to, boolean dryRun)
      throws IOException {
    ObjectNode body = JSON.createObjectNode().put("from", from).put("to", to).put("dryRun", dryRun);
    HttpResponse<String> answer =
        send(postRequest("/api/v1/admin/reconciliation/runs", adminToken, body), 202);
    String location =
        answer
            .headers()
            .firstValue("Location")
            .orElseThrow(() -> new IOException("the server gave no Location for the run"));
    return new Started(JSON.readTree(answer.body()), location);
  }

  /** An admin GET of a path answering 200, e.g. a job's state. */
  public JsonNode adminGet(String adminToken, String path) throws IOException {
    return call(request(path, adminToken).GET().build(), 200);
  }

  /** One read-only query over the lake: {@code {columns, rows, truncated}}. */
  public JsonNode sql(String adminToken, String sql) throws IOException {
    return call(
        postRequest("/api/v1/admin/sql", adminToken, JSON.createObjectNode().put("sql", sql)), 200);
  }

  private JsonNode post(String path, String bearer, ObjectNode body) throws IOException {
    return call(postRequest(path, bearer, body), 201);
  }

  private HttpRequest postRequest(String path, String bearer, ObjectNode body) {
    return request(path, bearer)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
  }

  private HttpRequest.Builder request(String path, String bearer) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(timeout)
        .header("Authorization", "Bearer " + bearer);
  }

  private JsonNode call(HttpRequest request, int expected) throws IOException {
    return JSON.readTree(send(request, expected).body());
  }

  /**
   * @throws IOException saying what failed: the server unreachable, or its status and message
   */
  private HttpResponse<String> send(HttpRequest request, int expected) throws IOException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (IOException e) {
      // The JDK's client often has no message for a refused connection.
      throw new IOException(
          "cannot reach "
              + base
              + " ("
              + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName())
              + ")",
          e);
    }
    if (response.statusCode() != expected) {
      throw new IOException(
          request.method()
              + " "
              + request.uri().getPath()
              + " answered "
              + response.statusCode()
              + ": "
              + messageOf(response.body()));
    }
    return response;
  }

  /** The message of an error answer, or the body itself when it has none. */
  private static String messageOf(String body) {
    try {
      JsonNode message = JSON.readTree(body).get("message");
      return message != null && message.isTextual() ? message.asText() : body;
    } catch (IOException e) {
      return body;
    }
  }
}
