package io.adclick.click;

import io.adclick.event.ClickKind;
import io.adclick.registry.Ad;
import io.adclick.registry.AdStatus;
import io.adclick.token.TokenCheck;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * Decides how a genuine click is logged. Only a person's first GET within the token's lifetime on
 * an active ad is a {@link ClickKind#CANDIDATE}; everything else is redirected but recorded under
 * the kind that says why it does not count.
 */
public final class ClickClassifier {
  private static final CharSequence SEC_PURPOSE = HttpHeaders.createOptimized("Sec-Purpose");
  private static final CharSequence PURPOSE = HttpHeaders.createOptimized("Purpose");
  private static final CharSequence X_MOZ = HttpHeaders.createOptimized("X-Moz");

  private final LinkPreviewAgents previewAgents;

  public ClickClassifier(LinkPreviewAgents previewAgents) {
    this.previewAgents = previewAgents;
  }

  public ClickKind classify(HttpServerRequest request, TokenCheck check, Ad ad) {
    if (check instanceof TokenCheck.Expired) {
      return ClickKind.EXPIRED;
    }
    if (request.method() == HttpMethod.HEAD) {
      return ClickKind.HEAD;
    }
    if (isPrefetch(request)) {
      return ClickKind.PREFETCH;
    }
    if (previewAgents.matches(request.getHeader(HttpHeaders.USER_AGENT))) {
      return ClickKind.PREVIEW;
    }
    if (ad.status() == AdStatus.PAUSED) {
      return ClickKind.PAUSED;
    }
    return ClickKind.CANDIDATE;
  }

  /** Browsers announce speculative loads; a person did not click yet. */
  static boolean isPrefetch(HttpServerRequest request) {
    String purpose = request.getHeader(SEC_PURPOSE);
    if (purpose == null) {
      purpose = request.getHeader(PURPOSE);
    }
    if (purpose == null) {
      purpose = request.getHeader(X_MOZ);
    }
    return purpose != null && (purpose.contains("prefetch") || purpose.contains("prerender"));
  }
}
