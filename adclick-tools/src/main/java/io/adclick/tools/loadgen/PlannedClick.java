package io.adclick.tools.loadgen;

/**
 * A click about to be sent.
 *
 * @param path the request path, {@code /c/<token>}
 * @param lastTarget for a repeat, the index of the click target its impression was last sent to, so
 *     that the repeat can go to another one; {@link #NO_TARGET} for a fresh or forged click, or a
 *     repeat of an impression no target ever took
 */
record PlannedClick(
    String impressionId,
    long adId,
    String path,
    boolean forged,
    boolean duplicate,
    int lastTarget) {

  static final int NO_TARGET = -1;
}
