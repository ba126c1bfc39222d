package io.adclick.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a JSON value against a schema of an OpenAPI 3.0 document: types, required and undocumented
 * properties, nullable, enums, array items, {@code allOf} and {@code $ref}s. Enough of JSON Schema
 * to keep the document true to real answers, not a general validator.
 */
final class DocumentedShape {
  private final JsonNode document;

  DocumentedShape(JsonNode document) {
    this.document = document;
  }

  /** What in the value the schema does not allow; empty when it matches. */
  List<String> violations(JsonNode schema, JsonNode value) {
    List<String> out = new ArrayList<>();
    check(schema, value, "$", out);
    return out;
  }

  private void check(JsonNode schema, JsonNode value, String at, List<String> out) {
    if (schema.has("$ref")) {
      check(resolve(schema.get("$ref").asText()), value, at, out);
      return;
    }
    if (value.isNull()) {
      if (!schema.path("nullable").asBoolean()) {
        out.add(at + " is null but not nullable");
      }
      return;
    }
    if (schema.has("allOf")) {
      schema.get("allOf").forEach(part -> check(part, value, at, out));
      return;
    }
    String type = schema.path("type").asText();
    boolean typeOk =
        switch (type) {
          case "object" -> value.isObject();
          case "array" -> value.isArray();
          case "string" -> value.isTextual();
          case "integer" -> value.isIntegralNumber();
          case "number" -> value.isNumber();
          case "boolean" -> value.isBoolean();
          default -> true;
        };
    if (!typeOk) {
      out.add(at + " is not " + type + ": " + value);
      return;
    }
    if (schema.has("enum") && !contains(schema.get("enum"), value)) {
      out.add(at + " is not one of " + schema.get("enum") + ": " + value);
    }
    if (value.isArray()) {
      value.forEach(item -> check(schema.get("items"), item, at + "[]", out));
    }
    if (value.isObject()) {
      checkObject(schema, value, at, out);
    }
  }

  private void checkObject(JsonNode schema, JsonNode value, String at, List<String> out) {
    JsonNode properties = schema.path("properties");
    schema
        .path("required")
        .forEach(
            name -> {
              if (!value.has(name.asText())) {
                out.add(at + "." + name.asText() + " is required but missing");
              }
            });
    value
        .fields()
        .forEachRemaining(
            field -> {
              JsonNode property = properties.get(field.getKey());
              if (property != null) {
                check(property, field.getValue(), at + "." + field.getKey(), out);
              } else if (properties.size() > 0
                  || !schema.path("additionalProperties").isMissingNode()) {
                out.add(at + "." + field.getKey() + " is not documented");
              }
            });
  }

  JsonNode resolve(String ref) {
    JsonNode node = document;
    for (String part : ref.substring(2).split("/")) {
      node = node.path(part);
    }
    if (node.isMissingNode()) {
      throw new AssertionError("unresolved " + ref);
    }
    return node;
  }

  private static boolean contains(JsonNode values, JsonNode value) {
    for (JsonNode v : values) {
      if (v.equals(value)) {
        return true;
      }
    }
    return false;
  }
}
