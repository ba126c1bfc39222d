package io.adclick.event;

import io.adclick.token.ImpressionId;

/**
 * One click as written to the log. The click time is the click service's clock, so a click replayed
 * later keeps the minute it happened in.
 *
 * @param userKey opaque user key from the token, or null
 * @param salt which of a hot ad's keys the click is counted under (0..{@link #MAX_SALTS}-1); 0 for
 *     every other ad. Derived from the impression id, so repeats of an impression share it.
 */
public record ClickEvent(
    long adId,
    long advertiserId,
    ImpressionId impressionId,
    long clickTimeMillis,
    long issuedAtMillis,
    String userKey,
    ClickKind kind,
    int salt) {

  /** Most keys one hot ad is spread over. */
  public static final int MAX_SALTS = 64;

  public ClickEvent {
    if (salt < 0 || salt >= MAX_SALTS) {
      throw new IllegalArgumentException("salt must be 0.." + (MAX_SALTS - 1) + ": " + salt);
    }
  }

  /** A click counted under its ad's single key. */
  public ClickEvent(
      long adId,
      long advertiserId,
      ImpressionId impressionId,
      long clickTimeMillis,
      long issuedAtMillis,
      String userKey,
      ClickKind kind) {
    this(adId, advertiserId, impressionId, clickTimeMillis, issuedAtMillis, userKey, kind, 0);
  }
}
