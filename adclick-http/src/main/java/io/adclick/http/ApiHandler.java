package io.adclick.http;

/**
 * One API endpoint as a plain function. It may block briefly (store and registry access): the
 * router runs it off the event loop.
 */
@FunctionalInterface
public interface ApiHandler {
  /**
   * @throws ApiException for any answer other than success
   */
  ApiResponse handle(ApiRequest request);
}
