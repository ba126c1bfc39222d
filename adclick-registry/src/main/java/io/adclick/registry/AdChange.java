package io.adclick.registry;

/**
 * What to change in an ad; a null field is left as it is. The name, advertiser and creation time of
 * an ad never change: reports and the advertiser's history refer to them.
 *
 * @param status the new status, or null to keep it
 * @param targetUrl the new absolute http(s) URL clicks are redirected to, or null to keep it
 */
public record AdChange(AdStatus status, String targetUrl) {

  public static AdChange status(AdStatus status) {
    return new AdChange(status, null);
  }

  public static AdChange targetUrl(String targetUrl) {
    return new AdChange(null, targetUrl);
  }

  /** The ad with this change applied. */
  public Ad applyTo(Ad ad) {
    return new Ad(
        ad.id(),
        ad.advertiserId(),
        ad.name(),
        targetUrl == null ? ad.targetUrl() : targetUrl,
        status == null ? ad.status() : status,
        ad.createdAtMillis());
  }
}
