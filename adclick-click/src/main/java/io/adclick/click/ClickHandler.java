package io.adclick.click;

import io.adclick.event.ClickEvent;
import io.adclick.event.ClickKind;
import io.adclick.registry.Ad;
import io.adclick.registry.AdDirectory;
import io.adclick.registry.RegistryUnavailableException;
import io.adclick.token.ImpressionToken;
import io.adclick.token.TokenCheck;
import io.adclick.token.TokenVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
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
  private final ClickClassifier classifier;
  private final HotAds hotAds;
  private final ClickMeters meters;

  /** A handler that recognises the built-in list of link-preview fetchers. */
  public ClickHandler(TokenVerifier verifier, AdDirectory ads, ClickLog log, Clock clock) {
    this(
        verifier,
        ads,
        log,
        clock,
        LinkPreviewAgents.defaults(),
        new HotAds(HotAds.Settings.defaults(), clock::millis));
  }

  public ClickHandler(
      TokenVerifier verifier,
      AdDirectory ads,
      ClickLog log,
      Clock clock,
      LinkPreviewAgents previewAgents,
      HotAds hotAds) {
    // An empty composite registry: its meters record nothing.
    this(verifier, ads, log, clock, previewAgents, hotAds, new CompositeMeterRegistry());
  }

  /**
   * @param meters where the click outcomes and redirect latency are recorded ({@link ClickMeters})
   */
  public ClickHandler(
      TokenVerifier verifier,
      AdDirectory ads,
      ClickLog log,
      Clock clock,
      LinkPreviewAgents previewAgents,
      HotAds hotAds,
      MeterRegistry meters) {
    this.verifier = verifier;
    this.ads = ads;
    this.log = log;
    this.clock = clock;
    this.classifier = new ClickClassifier(previewAgents);
    this.hotAds = hotAds;
    this.meters = new ClickMeters(meters);
  }

  public void handle(HttpServerRequest request, Map<String, String> pathParams) {
    try {
      answer(request, pathParams);
    } catch (RuntimeException e) {
      failed(request, e);
    }
  }

  private void answer(HttpServerRequest request, Map<String, String> pathParams) {
    long start = System.nanoTime();
    long now = clock.millis();
    TokenCheck check = verifier.verify(pathParams.get("token"), now);
    if (check instanceof TokenCheck.Rejected rejected) {
      meters.rejected();
      page(request.response(), 400, "Invalid click link: " + rejected.reason().message() + ".");
      return;
    }
    ImpressionToken token =
        check instanceof TokenCheck.Valid valid
            ? valid.token()
            : ((TokenCheck.Expired) check).token();
    CompletableFuture<Optional<Ad>> lookup = ads.adAsync(token.adId());
    if (lookup.isDone()) {
      // Cached: no hop off and back onto the event loop.
      afterLookup(request, check, token, lookup, now, start);
      return;
    }
    Context context = Vertx.currentContext();
    lookup.whenComplete(
        (ad, error) ->
            context.runOnContext(v -> afterLookup(request, check, token, lookup, now, start)));
  }

  private void afterLookup(
      HttpServerRequest request,
      TokenCheck check,
      ImpressionToken token,
      CompletableFuture<Optional<Ad>> lookup,
      long now,
      long start) {
    try {
      Optional<Ad> ad = lookup.join();
      if (ad.isEmpty()) {
        meters.unknownAd();
        page(request.response(), 404, "This ad no longer exists.");
        return;
      }
      record(request, check, token, ad.get(), now, start);
    } catch (CompletionException e) {
      failed(request, e.getCause());
    } catch (RuntimeException e) {
      failed(request, e);
    }
  }

  private void record(
      HttpServerRequest request,
      TokenCheck check,
      ImpressionToken token,
      Ad ad,
      long now,
      long start) {
    ClickKind kind = classifier.classify(request, check, ad);
    ClickEvent click =
        new ClickEvent(
            token.adId(),
            ad.advertiserId(),
            token.impressionId(),
            now,
            token.issuedAtMillis(),
            token.userKey(),
            kind,
            hotAds.saltFor(token.adId(), token.impressionId()));
    String target = ad.targetUrl();
    Context context = Vertx.currentContext();
    log.append(click)
        .whenComplete(
            (ok, error) ->
                context.runOnContext(
                    v -> {
                      if (error == null) {
                        // Recorded before the answer, so whoever sees the 302 sees it counted.
                        meters.redirected(kind, start);
                        redirect(request.response(), target);
                      } else {
                        meters.unrecorded();
                        LOG.warn("click log did not acknowledge a click: {}", error.toString());
                        page(
                            request.response(),
                            503,
                            "The click could not be recorded right now. Please try again.");
                      }
                    }));
  }

  private void failed(HttpServerRequest request, Throwable e) {
    if (e instanceof RegistryUnavailableException || e instanceof RejectedExecutionException) {
      // The ad is not cached here and its registry is down or far behind: no URL to redirect to,
      // and nothing recorded; the user may try again.
      LOG.warn("click not handled: {}", e.getMessage());
      meters.unrecorded();
      page(request.response(), 503, "The click could not be handled right now. Please try again.");
      return;
    }
    // A registry read failing on a cache miss, say: answer rather than leave the user hanging,
    // and keep the details in our log, not in the page.
    LOG.error("click request failed", e);
    meters.failed();
    page(request.response(), 500, "The click could not be handled right now. Please try again.");
  }

  private static void redirect(HttpServerResponse response, String target) {
    if (response.ended() || response.closed()) {
      return;
    }
    response
        .setStatusCode(302)
        .putHeader("Location", target)
        .putHeader("Cache-Control", "no-store")
        .end();
  }

  private static void page(HttpServerResponse response, int status, String message) {
    if (response.ended() || response.closed()) {
      return;
    }
    response
        .setStatusCode(status)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(message + "\n");
  }
}
