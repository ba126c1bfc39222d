package io.adclick.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A small HTTP client for tests: JSON in and out, redirects never followed. */
final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;

  ApiClient(String base) {
    this.base = base;
  }

  HttpResponse<String> get(String pathOrUrl, String bearer)
      throws IOException, InterruptedException {
    return send(request(pathOrUrl, bearer).GET().build());
  }

  HttpResponse<String> head(String pathOrUrl) throws IOException, InterruptedException {
    return send(
        request(pathOrUrl, null).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
  }

  HttpResponse<String> get(String pathOrUrl, String header, String value)
      throws IOException, InterruptedException {
    return send(request(pathOrUrl, null).header(header, value).GET().build());
  }

  HttpResponse<String> post(String path, String bearer, String json)
      throws IOException, InterruptedException {
    return send(
        request(path, bearer)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  /** Any method with a JSON body. */
  HttpResponse<String> send(String method, String path, String bearer, String json)
      throws IOException, InterruptedException {
    return send(
        request(path, bearer)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  JsonNode postOk(String path, String bearer, String json) throws Exception {
    HttpResponse<String> response = post(path, bearer, json);
    if (response.statusCode() != 201) {
      throw new AssertionError(
          "POST " + path + " -> " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** Creates an ad of the advertiser through the admin API and returns its id. */
  long createAd(long advertiserId, String targetUrl) throws Exception {
    return postOk(
            "/api/v1/ads",
            TestConfigs.ADMIN,
            "{\"advertiserId\":"
                + advertiserId
                + ",\"name\":\"ad\",\"targetUrl\":\""
                + targetUrl
                + "\"}")
        .get("id")
        .asLong();
  }

  /**
   * Mints impressions of an ad through the admin API and returns their click links.
   *
   * @param userKey the user key the tokens carry, or null for none
   */
  List<String> mint(long adId, int count, String userKey) throws Exception {
    String user = userKey == null ? "" : ",\"userKey\":\"" + userKey + "\"";
    JsonNode body =
        postOk(
            "/api/v1/impressions",
            TestConfigs.ADMIN,
            "{\"adId\":" + adId + ",\"count\":" + count + user + "}");
    List<String> links = new ArrayList<>();
    body.get("impressions").forEach(i -> links.add(i.get("clickUrl").asText()));
    return links;
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  private HttpRequest.Builder request(String pathOrUrl, String bearer) {
    String url = pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl;
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (bearer != null) {
      builder.header("Authorization", "Bearer " + bearer);
    }
    return builder;
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
