package io.adclick.bench.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.adclick.bench.store.Probes.Probe;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The query shapes advertisers run most, each with how to pick a request and how to check its
 * answer against the clicks the fill wrote (so a fast wrong answer fails the benchmark).
 */
enum QueryKind {
  /** The floor: a path no route serves, answered 404 by the router without registry or store. */
  FLOOR("http-floor", "GET of an unrouted path, 404 (HTTP floor)"),
  AD_MINUTES_24H("ad-minute-24h", "one ad, minute series over 24 h"),
  AD_HOURS_7D("ad-hour-7d", "one ad, hour series over 7 days"),
  TOP_ADS_24H("top20-24h", "an advertiser's top 20 ads over 24 h"),
  ADVERTISER_HOURS_30D("advertiser-hour-30d", "an advertiser's hour series over 30 days");

  private static final long DAY = 86_400_000L;

  private final String label;
  private final String description;

  QueryKind(String label, String description) {
    this.label = label;
    this.description = description;
  }

  String label() {
    return label;
  }

  String description() {
    return description;
  }

  /** A request of this kind about a random ad of the probe; {@code day} is the filled day. */
  Request pick(Probe probe, long day, SplittableRandom random) {
    int i = random.nextInt(probe.adIds().length);
    long ad = probe.adIds()[i];
    long adv = probe.advertiserId();
    return switch (this) {
      case FLOOR -> new Request("/bench/no-such-path", -1);
      case AD_MINUTES_24H ->
          new Request(adPath(ad, "minute", day, day + DAY), probe.dayTotals()[i]);
      case AD_HOURS_7D ->
          new Request(adPath(ad, "hour", day - 6 * DAY, day + DAY), probe.dayTotals()[i]);
      case TOP_ADS_24H ->
          new Request(
              "/api/v1/advertisers/"
                  + adv
                  + "/ads?limit=20&from="
                  + iso(day)
                  + "&to="
                  + iso(day + DAY),
              max(probe.dayTotals()));
      case ADVERTISER_HOURS_30D ->
          new Request(
              "/api/v1/advertisers/"
                  + adv
                  + "/metrics?granularity=hour&from="
                  + iso(day - 29 * DAY)
                  + "&to="
                  + iso(day + DAY),
              sum(probe.dayTotals()));
    };
  }

  /** Null if the answer holds the expected clicks, else what is wrong. */
  String check(JsonNode body, long expected) {
    return switch (this) {
      case FLOOR -> null;
      case AD_MINUTES_24H, AD_HOURS_7D, ADVERTISER_HOURS_30D -> {
        long total = body.path("total").asLong(-1);
        yield total == expected ? null : "total " + total + ", expected " + expected;
      }
      case TOP_ADS_24H -> {
        JsonNode ads = body.path("ads");
        long first = ads.path(0).path("clicks").asLong(0);
        yield first == expected ? null : "top ad has " + first + " clicks, expected " + expected;
      }
    };
  }

  /** One request and the clicks its answer must hold (-1: not checked). */
  record Request(String path, long expected) {}

  private static String adPath(long ad, String granularity, long from, long to) {
    return "/api/v1/ads/"
        + ad
        + "/metrics?granularity="
        + granularity
        + "&from="
        + iso(from)
        + "&to="
        + iso(to);
  }

  private static String iso(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  private static long max(long[] values) {
    long max = 0;
    for (long v : values) {
      max = Math.max(max, v);
    }
    return max;
  }

  private static long sum(long[] values) {
    long sum = 0;
    for (long v : values) {
      sum += v;
    }
    return sum;
  }
}
