package io.adclick.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Zero-filled buckets over a range, each marked final or not. */
final class Series {

  /**
   * One bucket as the API shows it.
   *
   * @param uniqueUsers distinct users of its clicks, estimated; absent where unknown ({@link
   *     SeriesValues})
   */
  record Bucket(
      String start,
      long clicks,
      boolean isFinal,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long uniqueUsers) {
    // Jackson names record components by accessor; "final" is a keyword, so rename here.
    @JsonProperty("final")
    public boolean isFinal() {
      return isFinal;
    }
  }

  private Series() {}

  /**
   * @param values clicks and users per bucket of the range
   * @param completeThrough buckets ending at or before this instant are final
   */
  static List<Bucket> of(SeriesRange range, SeriesValues values, long completeThrough) {
    List<Long> bounds = range.bounds();
    long[] clicks = values.clicks();
    List<Bucket> buckets = new ArrayList<>(clicks.length);
    for (int i = 0; i < clicks.length; i++) {
      long start = bounds.get(i);
      boolean isFinal = bounds.get(i + 1) <= completeThrough;
      buckets.add(
          new Bucket(
              Instant.ofEpochMilli(start).toString(), clicks[i], isFinal, values.uniqueUsers(i)));
    }
    return buckets;
  }

  static long total(List<Bucket> buckets) {
    long total = 0;
    for (Bucket b : buckets) {
      total += b.clicks();
    }
    return total;
  }
}
