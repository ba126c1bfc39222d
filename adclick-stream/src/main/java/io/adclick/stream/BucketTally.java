package io.adclick.stream;

/**
 * One bucket's running total and the total last written for it, so unchanged buckets are not
 * written again. Public only because Flink serializes public records as POJOs rather than with
 * Kryo.
 */
public record BucketTally(long clicks, long emitted) {

  static final BucketTally EMPTY = new BucketTally(0, 0);

  BucketTally plusOne() {
    return plus(1);
  }

  BucketTally plus(long more) {
    return new BucketTally(clicks + more, emitted);
  }

  boolean changed() {
    return clicks != emitted;
  }

  BucketTally markEmitted() {
    return new BucketTally(clicks, clicks);
  }
}
