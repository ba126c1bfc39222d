package io.adclick.registry;

/**
 * An ad and the only URL its clicks are redirected to.
 *
 * @param targetUrl absolute http(s) URL registered by the advertiser
 */
public record Ad(
    long id,
    long advertiserId,
    String name,
    String targetUrl,
    AdStatus status,
    long createdAtMillis) {}
