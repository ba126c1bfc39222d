package io.adclick.bench;

import java.time.Duration;

/**
 * What the pre-filled topic holds.
 *
 * @param clicks events written to the topic, duplicates included
 * @param ads distinct ads the clicks are spread over, uniformly
 * @param duplicateRatio share of clicks that repeat an earlier impression of the same ad
 * @param span click times run evenly over the last {@code span} before the fill starts, oldest
 *     first, as a live topic would hold them (a topic in random time order would make most clicks
 *     late for the job, which is not what it meets in production)
 * @param users first clicks carry the key of a user drawn uniformly from this many (repeats keep
 *     their first click's); 0 for clicks without user keys
 * @param seed makes the stream reproducible
 */
record ClickPlan(
    long clicks, int ads, double duplicateRatio, Duration span, long users, long seed) {
  ClickPlan {
    if (users < 0) {
      throw new IllegalArgumentException("users must not be negative");
    }
    if (clicks < 1) {
      throw new IllegalArgumentException("clicks must be positive");
    }
    if (ads < 1) {
      throw new IllegalArgumentException("ads must be positive");
    }
    if (duplicateRatio < 0 || duplicateRatio >= 1) {
      throw new IllegalArgumentException("duplicate ratio must be in [0, 1)");
    }
    if (span.isNegative() || span.isZero()) {
      throw new IllegalArgumentException("span must be positive");
    }
  }
}
