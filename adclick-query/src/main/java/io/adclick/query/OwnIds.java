package io.adclick.query;

import io.adclick.http.ApiException;
import io.adclick.registry.Ad;
import io.adclick.registry.AdDirectory;
import io.adclick.registry.Advertiser;

/**
 * Resolves ids in a path for the calling advertiser. Unknown ids, foreign ids and ids that are not
 * numbers answer the same 404, so nobody learns which ids exist.
 */
final class OwnIds {
  private final AdDirectory directory;

  OwnIds(AdDirectory directory) {
    this.directory = directory;
  }

  Ad ad(Advertiser caller, String idText) {
    ApiException notFound = ApiException.notFound("ad " + idText + " not found");
    return parse(idText)
        .flatMap(directory::ad)
        .filter(ad -> ad.advertiserId() == caller.id())
        .orElseThrow(() -> notFound);
  }

  /** The caller itself; any other advertiser's id is answered as unknown. */
  Advertiser advertiser(Advertiser caller, String idText) {
    return parse(idText)
        .filter(id -> id == caller.id())
        .map(id -> caller)
        .orElseThrow(() -> ApiException.notFound("advertiser " + idText + " not found"));
  }

  private static java.util.Optional<Long> parse(String idText) {
    try {
      return java.util.Optional.of(Long.parseLong(idText));
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }
}
