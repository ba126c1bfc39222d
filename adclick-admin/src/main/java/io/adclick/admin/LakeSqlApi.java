package io.adclick.admin;

import io.adclick.http.ApiException;
import io.adclick.http.ApiRequest;
import io.adclick.http.ApiResponse;
import io.adclick.http.Json;
import io.adclick.reconcile.LakeSql;
import io.adclick.reconcile.SqlRefused;

/** {@code POST /api/v1/admin/sql}: one read-only SELECT over the lake's clicks. */
public final class LakeSqlApi {
  static final int MAX_SQL_CHARS = 10_000;

  private final AdminAuth auth;
  private final LakeSql sql;

  /**
   * @param sql the lake's SQL, or null when the lake is not a local folder
   */
  public LakeSqlApi(String adminToken, LakeSql sql) {
    this.auth = new AdminAuth(adminToken);
    this.sql = sql;
  }

  public ApiResponse query(ApiRequest request) {
    auth.require(request);
    String query = Fields.requiredText(Json.readObject(request.body()), "sql");
    if (query.isBlank() || query.length() > MAX_SQL_CHARS) {
      throw ApiException.badParameter("sql", "must be 1.." + MAX_SQL_CHARS + " characters");
    }
    if (sql == null) {
      throw ApiException.unavailable("SQL over the lake needs the lake in a local folder");
    }
    try {
      return ApiResponse.json(200, sql.query(query));
    } catch (SqlRefused e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }
}
