package io.adclick.event;

/**
 * How the click service classified a click before logging it. Only {@link #CANDIDATE} clicks can
 * count; the stream job decides which candidate is the first of its impression.
 */
public enum ClickKind {
  /** A GET with a valid, unexpired token: counts if it is the first of its impression. */
  CANDIDATE(0),
  /** A genuine token past its lifetime: redirected, never counted. */
  EXPIRED(1),
  /** A HEAD request: redirected, never counted. */
  HEAD(2),
  /** A browser prefetch or prerender: redirected, never counted. */
  PREFETCH(3),
  /** A click on a paused ad: redirected so nobody is stranded, never counted. */
  PAUSED(4),
  /**
   * A known automated fetcher (a chat app's link preview, a crawler): redirected, recorded so
   * previews can be told apart from clicks, never counted.
   */
  PREVIEW(5);

  private final int code;

  ClickKind(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static ClickKind ofCode(int code) {
    for (ClickKind kind : values()) {
      if (kind.code == code) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown click kind " + code);
  }
}
