package io.adclick.stream;

import io.adclick.event.ClickEvent;
import io.adclick.event.ClickKind;
import io.adclick.token.ImpressionId;
import java.time.Instant;

/** Builds clicks for tests. */
final class Clicks {

  static final long ADVERTISER = 7;

  private Clicks() {}

  static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  static ClickEvent click(long adId, long impression, long clickTime) {
    return click(adId, impression, clickTime, clickTime - 60_000, ClickKind.CANDIDATE);
  }

  static ClickEvent click(
      long adId, long impression, long clickTime, long issuedAt, ClickKind kind) {
    return new ClickEvent(
        adId, ADVERTISER, new ImpressionId(adId, impression), clickTime, issuedAt, null, kind);
  }

  /** A click whose impression carried a user key. */
  static ClickEvent clickBy(String userKey, long adId, long impression, long clickTime) {
    return new ClickEvent(
        adId,
        ADVERTISER,
        new ImpressionId(adId, impression),
        clickTime,
        clickTime - 60_000,
        userKey,
        ClickKind.CANDIDATE);
  }

  /** The same click, counted under one of its hot ad's salts. */
  static ClickEvent salted(ClickEvent c, int salt) {
    return new ClickEvent(
        c.adId(),
        c.advertiserId(),
        c.impressionId(),
        c.clickTimeMillis(),
        c.issuedAtMillis(),
        c.userKey(),
        c.kind(),
        salt);
  }
}
