package io.adclick.event;

import io.adclick.token.ImpressionId;

/**
 * One click as written to the log. The click time is the click service's clock, so a click replayed
 * later keeps the minute it happened in.
 *
 * @param userKey opaque user key from the token, or null
 */
public record ClickEvent(
    long adId,
    long advertiserId,
    ImpressionId impressionId,
    long clickTimeMillis,
    long issuedAtMillis,
    String userKey,
    ClickKind kind) {}
