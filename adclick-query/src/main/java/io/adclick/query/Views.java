package io.adclick.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.adclick.registry.Ad;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What the query endpoints answer, as JSON records and as CSV tables. */
final class Views {
  private Views() {}

  /**
   * An ad's or an advertiser's series; exactly one of the two ids is set.
   *
   * @param completeThrough every click before this instant is counted; null before the first
   * @param reconciledThrough every bucket ending by this instant has been checked against the raw
   *     clicks and repaired; null before the first reconciliation
   * @param uniqueUsers distinct users over the whole range, where every bucket's are known
   */
  record Metrics(
      @JsonInclude(JsonInclude.Include.NON_NULL) Long adId,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long advertiserId,
      String granularity,
      String tz,
      String from,
      String to,
      String completeThrough,
      String reconciledThrough,
      long total,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long uniqueUsers,
      List<Series.Bucket> buckets) {

    Csv csv() {
      List<List<Object>> rows = new ArrayList<>(buckets.size());
      for (Series.Bucket b : buckets) {
        rows.add(Arrays.asList(b.start(), b.clicks(), b.isFinal(), b.uniqueUsers()));
      }
      return new Csv(List.of("start", "clicks", "final", "uniqueUsers"), rows);
    }
  }

  record AdClicks(long adId, String name, long clicks) {}

  /** Per-ad totals; {@code completeThrough} and {@code reconciledThrough} as in {@link Metrics}. */
  record AdTotals(
      long advertiserId,
      String from,
      String to,
      String completeThrough,
      String reconciledThrough,
      List<AdClicks> ads) {

    Csv csv() {
      List<List<Object>> rows = new ArrayList<>(ads.size());
      for (AdClicks ad : ads) {
        rows.add(Arrays.asList(ad.adId(), ad.name(), ad.clicks()));
      }
      return new Csv(List.of("adId", "name", "clicks"), rows);
    }
  }

  record AdSummary(long id, String name, String targetUrl, String status) {
    static AdSummary of(Ad ad) {
      return new AdSummary(
          ad.id(), ad.name(), ad.targetUrl(), ad.status().name().toLowerCase(Locale.ROOT));
    }
  }

  record AdList(long advertiserId, List<AdSummary> ads) {

    Csv csv() {
      List<List<Object>> rows = new ArrayList<>(ads.size());
      for (AdSummary ad : ads) {
        rows.add(List.of(ad.id(), ad.name(), ad.targetUrl(), ad.status()));
      }
      return new Csv(List.of("id", "name", "targetUrl", "status"), rows);
    }
  }
}
