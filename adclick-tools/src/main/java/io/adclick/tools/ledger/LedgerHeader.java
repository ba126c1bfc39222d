package io.adclick.tools.ledger;

/**
 * What a verifier needs besides the clicks: where they went and whose key reads their counts.
 *
 * @param target base URL of the server the clicks were sent to
 * @param apiKey the advertiser's API key; a ledger is as secret as the key it holds
 */
public record LedgerHeader(String target, long advertiserId, String apiKey) {}
