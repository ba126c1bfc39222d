package io.adclick.tools.loadgen;

/**
 * A click about to be sent.
 *
 * @param path the request path, {@code /c/<token>}
 */
record PlannedClick(
    String impressionId, long adId, String path, boolean forged, boolean duplicate) {}
