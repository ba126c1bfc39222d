package io.adclick.registry;

/**
 * An advertiser. Only the SHA-256 hash of its API key is ever stored.
 *
 * @param apiKeyHash lower-case hex SHA-256 of the API key
 */
public record Advertiser(long id, String name, String apiKeyHash, long createdAtMillis) {}
