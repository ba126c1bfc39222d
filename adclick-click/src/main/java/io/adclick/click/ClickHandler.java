package io.adclick.click;

import io.adclick.event.ClickEvent;
import io.adclick.event.ClickKind;
import io.adclick.registry.Ad;
import io.adclick.registry.AdDirectory;
import io.adclick.registry.AdStatus;
import io.adclick.token.ImpressionToken;
import io.adclick.token.TokenCheck;
import io.adclick.token.TokenVerifier;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET|HEAD /c/{token}}: verify the token, find the ad's registered URL, hand the click to
 * the log, and only once the log acknowledges it redirect with {@code 302}. The redirect target is
 * only ever the registered URL, never anything from the request.
 */
public final class ClickHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ClickHandler.class);

  private final TokenVerifier verifier;
  private final AdDirectory ads;
  private final ClickLog log;
  private final Clock clock;

  public ClickHandler(TokenVerifier verifier, AdDirectory ads, ClickLog log, Clock clock) {
    this.verifier = verifier;
    this.ads = ads;
    this.log = log;
    this.clock = clock;
  }

  public void handle(HttpServerRequest request, Map<String, String> pathParams) {
    long now = clock.millis();
    TokenCheck check = verifier.verify(pathParams.get("token"), now);
    if (check instanceof TokenCheck.Rejected rejected) {
      page(request.response(), 400, "Invalid click link: " + rejected.reason().message() + ".");
      return;
    }
    ImpressionToken token =
        check instanceof TokenCheck.Valid valid
            ? valid.token()
            : ((TokenCheck.Expired) check).token();
    Optional<Ad> ad = ads.ad(token.adId());
    if (ad.isEmpty()) {
      page(request.response(), 404, "This ad no longer exists.");
      return;
    }
    ClickKind kind = classify(request, check, ad.get());
    ClickEvent click =
        new ClickEvent(
            token.adId(),
            ad.get().advertiserId(),
            token.impressionId(),
            now,
            token.issuedAtMillis(),
            token.userKey(),
            kind);
    String target = ad.get().targetUrl();
    Context context = Vertx.currentContext();
    log.append(click)
        .whenComplete(
            (ok, error) ->
                context.runOnContext(
                    v -> {
                      if (error == null) {
                        redirect(request.response(), target);
                      } else {
                        LOG.warn("click log did not acknowledge a click: {}", error.toString());
                        page(
                            request.response(),
                            503,
                            "The click could not be recorded right now. Please try again.");
                      }
                    }));
  }

  static ClickKind classify(HttpServerRequest request, TokenCheck check, Ad ad) {
    if (check instanceof TokenCheck.Expired) {
      return ClickKind.EXPIRED;
    }
    if (request.method() == HttpMethod.HEAD) {
      return ClickKind.HEAD;
    }
    if (isPrefetch(request)) {
      return ClickKind.PREFETCH;
    }
    if (ad.status() == AdStatus.PAUSED) {
      return ClickKind.PAUSED;
    }
    return ClickKind.CANDIDATE;
  }

  /** Browsers announce speculative loads; a person did not click yet. */
  static boolean isPrefetch(HttpServerRequest request) {
    String purpose = request.getHeader("Sec-Purpose");
    if (purpose == null) {
      purpose = request.getHeader("Purpose");
    }
    if (purpose == null) {
      purpose = request.getHeader("X-Moz");
    }
    return purpose != null && (purpose.contains("prefetch") || purpose.contains("prerender"));
  }

  private static void redirect(HttpServerResponse response, String target) {
    if (response.closed()) {
      return;
    }
    response
        .setStatusCode(302)
        .putHeader("Location", target)
        .putHeader("Cache-Control", "no-store")
        .end();
  }

  private static void page(HttpServerResponse response, int status, String message) {
    if (response.closed()) {
      return;
    }
    response
        .setStatusCode(status)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(message + "\n");
  }
}
