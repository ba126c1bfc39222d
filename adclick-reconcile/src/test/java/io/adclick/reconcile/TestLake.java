package io.adclick.reconcile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes archive files in the stream job's layout and schema ({@code ArchiveSchema} in
 * adclick-stream), through DuckDB, so the recount's SQL is tested on real Parquet files.
 */
final class TestLake {

  /**
   * One archived click; the impression is its low half (the high half is 0). Every click of an
   * impression carries its token's issue time.
   */
  record Row(
      long adId,
      long advertiserId,
      long impression,
      String issuedAt,
      String clickTime,
      String kind,
      int partition,
      long offset) {

    /** A click a minute after its impression was shown. */
    Row(
        long adId,
        long advertiserId,
        long impression,
        String clickTime,
        String kind,
        int partition,
        long offset) {
      this(
          adId,
          advertiserId,
          impression,
          Instant.parse(clickTime).minusSeconds(60).toString(),
          clickTime,
          kind,
          partition,
          offset);
    }

    long clickTimeMillis() {
      return Instant.parse(clickTime).toEpochMilli();
    }
  }

  private final Path root;
  private int files;

  TestLake(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  /** A recount of this lake as the server makes it: a 24 h token lifetime, 256 MB for DuckDB. */
  LakeRecount recount() {
    return new LakeRecount(root, Duration.ofHours(24), 256, root.resolveSibling("spill"));
  }

  static Row candidate(long adId, long impression, String clickTime, int partition, long offset) {
    return new Row(adId, advertiserOf(adId), impression, clickTime, "CANDIDATE", partition, offset);
  }

  /** A candidate click of an impression shown at {@code issuedAt}. */
  static Row candidate(
      long adId, long impression, String issuedAt, String clickTime, int partition, long offset) {
    return new Row(
        adId, advertiserOf(adId), impression, issuedAt, clickTime, "CANDIDATE", partition, offset);
  }

  static long advertiserOf(long adId) {
    return 1000 + adId / 10;
  }

  /** Writes the rows as one committed file per hour they fall in. */
  void commit(Row... rows) throws Exception {
    write("clicks-", rows);
  }

  /** Writes the rows as a file the sink has not committed yet. */
  void inProgress(Row... rows) throws Exception {
    write(".clicks-", rows);
  }

  private void write(String prefix, Row... rows) throws Exception {
    LakeLayout layout = new LakeLayout(root);
    for (Row row : rows) {
      Path folder = layout.hourFolder(row.clickTimeMillis() / 3_600_000 * 3_600_000);
      Files.createDirectories(folder);
      Path file = folder.resolve(prefix + (files++) + ".parquet");
      writeOne(file, List.of(row));
    }
  }

  private static void writeOne(Path file, List<Row> rows) throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = db.createStatement()) {
      s.execute(
          "CREATE TABLE click (ad_id BIGINT, advertiser_id BIGINT, impression_hi BIGINT,"
              + " impression_lo BIGINT, click_time_millis BIGINT, issued_at_millis BIGINT,"
              + " user_key VARCHAR, kind VARCHAR, salt INTEGER, kafka_partition INTEGER,"
              + " kafka_offset BIGINT)");
      try (PreparedStatement insert =
          db.prepareStatement("INSERT INTO click VALUES (?, ?, 0, ?, ?, ?, NULL, ?, 0, ?, ?)")) {
        for (Row row : new ArrayList<>(rows)) {
          insert.setLong(1, row.adId());
          insert.setLong(2, row.advertiserId());
          insert.setLong(3, row.impression());
          insert.setLong(4, row.clickTimeMillis());
          insert.setLong(5, Instant.parse(row.issuedAt()).toEpochMilli());
          insert.setString(6, row.kind());
          insert.setInt(7, row.partition());
          insert.setLong(8, row.offset());
          insert.execute();
        }
      }
      s.execute("COPY click TO '" + file + "' (FORMAT parquet)");
    }
  }
}
