package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.adclick.http.ApiException;
import io.adclick.http.ApiRequest;
import io.adclick.http.ApiResponse;
import io.adclick.http.HttpRouter;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Holds the OpenAPI document to what the server really routes, reads and answers. */
final class OpenApiCheck {
  private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");

  private final JsonNode document;
  private final DocumentedShape shapes;

  OpenApiCheck(JsonNode document) {
    this.document = document;
    this.shapes = new DocumentedShape(document);
  }

  /** Every route is documented with its path parameters, and nothing else is. */
  void assertListsExactly(List<HttpRouter.Endpoint> endpoints) {
    Set<String> routed = new TreeSet<>();
    for (HttpRouter.Endpoint endpoint : endpoints) {
      routed.add(endpoint.method() + " " + endpoint.template());
      Set<String> inTemplate = new TreeSet<>();
      Matcher m = PATH_PARAM.matcher(endpoint.template());
      while (m.find()) {
        inTemplate.add(m.group(1));
      }
      assertThat(names(operation(endpoint), "path")).as(endpoint.toString()).isEqualTo(inTemplate);
    }
    Set<String> documented = new TreeSet<>();
    document
        .get("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method ->
                            documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
    assertThat(documented).isEqualTo(routed);
  }

  /**
   * Calls the handler with the documented examples of its parameters: it must answer 200, read no
   * query parameter the document leaves out, and answer in the documented shape.
   */
  void assertAnswerMatches(
      HttpRouter.Endpoint endpoint, Map<String, String> pathValues, String authorization)
      throws Exception {
    JsonNode operation = operation(endpoint);
    Set<String> read = new TreeSet<>();
    Map<String, List<String>> query =
        new HashMap<>() {
          @Override
          public List<String> get(Object key) {
            read.add(String.valueOf(key));
            return super.get(key);
          }
        };
    Map<String, String> path = new HashMap<>();
    for (JsonNode parameter : parameters(operation)) {
      String name = parameter.get("name").asText();
      if (parameter.get("in").asText().equals("query")) {
        query.put(name, List.of(parameter.get("example").asText()));
      } else {
        path.put(name, pathValues.get(name));
      }
    }
    ApiRequest request =
        new ApiRequest(
            "GET", endpoint.template(), path, query, Map.of("authorization", authorization), null);
    ApiResponse response;
    try {
      response = endpoint.api().handle(request);
    } catch (ApiException e) {
      throw new AssertionError(endpoint + " with the documented examples: " + e.getMessage(), e);
    }

    assertThat(response.status()).as(endpoint.toString()).isEqualTo(200);
    assertThat(names(operation, "query")).as(endpoint + " reads").containsAll(read);
    JsonNode schema = operation.at("/responses/200/content/application~1json/schema");
    JsonNode body = ApiClient.JSON.readTree(response.body());
    assertThat(shapes.violations(schema, body)).as(endpoint + " answered " + body).isEmpty();
  }

  /**
   * A real answer of a route, whatever its method and status: the document lists that status for
   * the route, and the body has the shape it gives.
   */
  void assertDocumentedAnswer(String method, String template, HttpResponse<String> response)
      throws Exception {
    HttpRouter.Endpoint endpoint = new HttpRouter.Endpoint(method, template, null);
    String status = String.valueOf(response.statusCode());
    JsonNode schema =
        operation(endpoint).path("responses").path(status).at("/content/application~1json/schema");
    assertThat(schema.isObject()).as(endpoint + " documents a JSON answer with " + status).isTrue();
    JsonNode body = ApiClient.json(response);
    assertThat(shapes.violations(schema, body)).as(endpoint + " answered " + body).isEmpty();
  }

  private JsonNode operation(HttpRouter.Endpoint endpoint) {
    JsonNode operation =
        document
            .path("paths")
            .path(endpoint.template())
            .path(endpoint.method().toLowerCase(Locale.ROOT));
    assertThat(operation.isObject()).as(endpoint + " is documented").isTrue();
    return operation;
  }

  private List<JsonNode> parameters(JsonNode operation) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode parameter : operation.path("parameters")) {
      out.add(parameter.has("$ref") ? shapes.resolve(parameter.get("$ref").asText()) : parameter);
    }
    return out;
  }

  private Set<String> names(JsonNode operation, String in) {
    Set<String> names = new TreeSet<>();
    for (JsonNode parameter : parameters(operation)) {
      if (parameter.get("in").asText().equals(in)) {
        names.add(parameter.get("name").asText());
      }
    }
    return names;
  }
}
