package io.adclick.admin;

import io.adclick.http.ApiException;
import io.adclick.http.ApiRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Admin calls carry the admin token from configuration as a bearer credential. */
final class AdminAuth {
  private final byte[] adminToken;

  AdminAuth(String adminToken) {
    this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * @throws ApiException 401 unless the request carries the admin token
   */
  void require(ApiRequest request) {
    String given = request.bearer().orElse(null);
    // Constant-time, so response timing does not reveal how much of a guess was right.
    if (given == null
        || !MessageDigest.isEqual(adminToken, given.getBytes(StandardCharsets.UTF_8))) {
      throw ApiException.unauthorized("a valid admin token is required as a Bearer credential");
    }
  }
}
