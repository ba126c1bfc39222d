package io.adclick.query;

import io.adclick.store.BucketTotal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Zero-fills stored buckets over a range and marks each final or not. */
final class Series {

  /** One bucket as the API shows it. */
  record Bucket(String start, long clicks, boolean isFinal) {
    // Jackson names record components by accessor; "final" is a keyword, so rename here.
    @com.fasterxml.jackson.annotation.JsonProperty("final")
    public boolean isFinal() {
      return isFinal;
    }
  }

  private Series() {}

  /**
   * @param stored buckets in order, all inside the range
   * @param completeThrough buckets ending at or before this instant are final
   */
  static List<Bucket> zeroFilled(
      SeriesRange range, List<BucketTotal> stored, long completeThrough) {
    List<Bucket> buckets = new ArrayList<>(range.bucketCount());
    Iterator<BucketTotal> it = stored.iterator();
    BucketTotal next = it.hasNext() ? it.next() : null;
    long step = range.granularity().millis();
    for (long start = range.from(); start < range.to(); start += step) {
      long clicks = 0;
      if (next != null && next.bucketStart() == start) {
        clicks = next.clicks();
        next = it.hasNext() ? it.next() : null;
      }
      boolean isFinal = start + step <= completeThrough;
      buckets.add(new Bucket(Instant.ofEpochMilli(start).toString(), clicks, isFinal));
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
