package io.adclick.registry.postgresql;

import io.adclick.registry.Ad;
import io.adclick.registry.AdStatus;
import io.adclick.registry.Advertiser;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Columns to records and back; the column lists match the reads in {@link PostgresAdRegistry}. */
final class RegistryRows {

  static final String ADVERTISER_COLUMNS = "id, name, api_key_hash, created_at";
  static final String AD_COLUMNS = "id, advertiser_id, name, target_url, status, created_at";

  private RegistryRows() {}

  static Advertiser advertiser(ResultSet row) throws SQLException {
    return new Advertiser(
        row.getLong("id"),
        row.getString("name"),
        row.getString("api_key_hash"),
        millis(row, "created_at"));
  }

  static Ad ad(ResultSet row) throws SQLException {
    return new Ad(
        row.getLong("id"),
        row.getLong("advertiser_id"),
        row.getString("name"),
        row.getString("target_url"),
        AdStatus.valueOf(row.getString("status")),
        millis(row, "created_at"));
  }

  /** Binds a timestamp: timestamptz keeps microseconds, so milliseconds come back exactly. */
  static void setMillis(PreparedStatement statement, int index, long millis) throws SQLException {
    statement.setObject(
        index, OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC));
  }

  private static long millis(ResultSet row, String column) throws SQLException {
    return row.getObject(column, OffsetDateTime.class).toInstant().toEpochMilli();
  }
}
