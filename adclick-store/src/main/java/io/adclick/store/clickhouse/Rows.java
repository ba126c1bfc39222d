package io.adclick.store.clickhouse;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.adclick.store.BucketCount;
import io.adclick.store.BucketTotal;
import io.adclick.time.Granularity;
import io.adclick.users.UserSketch;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** TabSeparated in both directions: upsert rows out, numeric result rows in. */
final class Rows {

  private Rows() {}

  private static final HexFormat HEX = HexFormat.of();

  /**
   * The rows of {@link Schema#INSERT_COUNTS}: numbers, a granularity name and hex, nothing to
   * escape.
   */
  static byte[] counts(List<BucketCount> counts) {
    StringBuilder out = new StringBuilder(counts.size() * 48);
    for (BucketCount c : counts) {
      out.append(c.granularity().apiName())
          .append('\t')
          .append(c.advertiserId())
          .append('\t')
          .append(c.adId())
          .append('\t')
          .append(c.bucketStart())
          .append('\t')
          .append(c.salt())
          .append('\t')
          .append(c.clicks())
          .append('\t')
          .append(HEX.formatHex(c.users().toBytes()))
          .append('\n');
    }
    return out.toString().getBytes(US_ASCII);
  }

  /**
   * An answer of (bucket, clicks, users in hex) rows in bucket order, one per salt: a series, the
   * salts of a bucket summed and their users merged.
   */
  static List<BucketTotal> series(String answer) {
    List<BucketTotal> out = new ArrayList<>();
    for (String line : answer.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] columns = line.split("\t", -1);
      if (columns.length != 3) {
        throw new IllegalStateException("expected three columns from ClickHouse, got: " + line);
      }
      long bucket = Long.parseLong(columns[0]);
      long clicks = Long.parseLong(columns[1]);
      UserSketch users = UserSketch.fromBytes(HEX.parseHex(columns[2]));
      int last = out.size() - 1;
      if (last >= 0 && out.get(last).bucketStart() == bucket) {
        out.set(last, out.get(last).plus(clicks, users));
      } else {
        out.add(new BucketTotal(bucket, clicks, users));
      }
    }
    return out;
  }

  /** One row of one column. */
  static byte[] single(long value) {
    return (value + "\n").getBytes(US_ASCII);
  }

  /**
   * One line of {@link Queries#adBuckets}: advertiser, ad, bucket, clicks. An error after the
   * answer began comes as text in its body, so anything else is refused with the line.
   */
  static BucketCount adBucket(Granularity granularity, String line) {
    String[] columns = line.split("\t", -1);
    if (columns.length != 4) {
      throw new IllegalStateException("expected four numbers from ClickHouse, got: " + line);
    }
    try {
      return new BucketCount(
          granularity,
          Long.parseLong(columns[0]),
          Long.parseLong(columns[1]),
          Long.parseLong(columns[2]),
          Long.parseLong(columns[3]),
          0);
    } catch (NumberFormatException e) {
      throw new IllegalStateException("expected four numbers from ClickHouse, got: " + line, e);
    }
  }

  /** An answer of two numeric columns, one {@code long[2]} per row. */
  static List<long[]> pairs(String answer) {
    List<long[]> out = new ArrayList<>();
    for (String line : answer.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int tab = line.indexOf('\t');
      if (tab < 0) {
        throw new IllegalStateException("expected two columns from ClickHouse, got: " + line);
      }
      out.add(
          new long[] {
            Long.parseLong(line.substring(0, tab)), Long.parseLong(line.substring(tab + 1))
          });
    }
    return out;
  }

  /** An answer of one numeric column, one value per row. */
  static List<Long> column(String answer) {
    List<Long> out = new ArrayList<>();
    for (String line : answer.split("\n")) {
      if (!line.isEmpty()) {
        out.add(Long.parseLong(line.strip()));
      }
    }
    return out;
  }

  /** An answer of one number, e.g. an aggregate. */
  static long scalar(String answer) {
    List<Long> values = column(answer);
    if (values.size() != 1) {
      throw new IllegalStateException("expected one number from ClickHouse, got: " + answer);
    }
    return values.get(0);
  }
}
