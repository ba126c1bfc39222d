package io.adclick.tools.ledger;

/**
 * What a verifier needs besides the clicks: the server to ask for their counts and the key to ask
 * with.
 *
 * @param target base URL of the server whose admin and query APIs the run used; its clicks went
 *     there too unless loadgen was given click targets of their own
 * @param apiKey the advertiser's API key; a ledger is as secret as the key it holds
 */
public record LedgerHeader(String target, long advertiserId, String apiKey) {}
