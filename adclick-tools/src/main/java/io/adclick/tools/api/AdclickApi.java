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

  private JsonNode post(String path, String bearer, ObjectNode body) throws IOException {
    HttpRequest request =
        request(path, bearer)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    return call(request, 201);
  }

  private HttpRequest.Builder request(String path, String bearer) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(timeout)
        .header("Authorization", "Bearer " + bearer);
  }

  private JsonNode call(HttpRequest request, int expected) throws IOException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (response.statusCode() != expected) {
      throw new IOException(
          request.method()
              + " "
              + request.uri().getPath()
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return JSON.readTree(response.body());
  }
}
