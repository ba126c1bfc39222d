package io.adclick.stream;

/**
 * A counted click's user, waiting for its minute's next write to be folded into the minute's hour
 * and day. Public only because Flink serializes public records as POJOs rather than with Kryo.
 *
 * @param userHash {@link io.adclick.users.UserSketch#userHash} of the click's user key
 */
public record UserClick(long minuteStart, long userHash) {}
