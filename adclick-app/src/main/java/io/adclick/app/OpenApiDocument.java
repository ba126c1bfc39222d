package io.adclick.app;

import io.adclick.http.ApiRequest;
import io.adclick.http.ApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI 3 document of the public API, a resource of this
 * jar. AllInOneServerIT checks it lists every registered route and what real answers hold.
 */
final class OpenApiDocument {
  static final String RESOURCE = "/openapi.json";

  private final byte[] document;

  private OpenApiDocument(byte[] document) {
    this.document = document;
  }

  static OpenApiDocument load() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      return new OpenApiDocument(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ApiResponse serve(ApiRequest request) {
    return new ApiResponse(200, ApiResponse.JSON, document, Map.of());
  }
}
