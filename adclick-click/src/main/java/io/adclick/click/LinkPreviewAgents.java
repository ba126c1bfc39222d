package io.adclick.click;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * User-Agent substrings of known automated fetchers: chat apps and social networks that fetch a
 * link to show its preview when someone pastes it, and the big crawlers. Their requests are not
 * clicks by a person. Matching is case-insensitive on plain substrings: one lower-casing of the
 * header and a handful of {@code contains} calls per click, no regular expression.
 */
public final class LinkPreviewAgents {

  /**
   * Kept short on purpose: each entry costs a substring search on every click. In-app browsers
   * (e.g. Facebook's {@code FBAN}, LinkedIn's {@code LinkedInApp}) are people clicking and are
   * deliberately absent.
   */
  public static final List<String> DEFAULTS =
      List.of(
          "slackbot",
          "twitterbot",
          "facebookexternalhit",
          "discordbot",
          "linkedinbot",
          "whatsapp",
          "telegrambot",
          "skypeuripreview",
          "googlebot",
          "bingbot");

  /** In a configured list, stands for {@link #DEFAULTS}, so a list can extend the defaults. */
  public static final String DEFAULTS_ENTRY = "default";

  /** A configured list that disables preview detection. */
  public static final String NONE_ENTRY = "none";

  private static final LinkPreviewAgents DEFAULT = new LinkPreviewAgents(DEFAULTS);

  private final String[] needles;

  private LinkPreviewAgents(List<String> lowerCaseNeedles) {
    this.needles = lowerCaseNeedles.toArray(String[]::new);
  }

  public static LinkPreviewAgents defaults() {
    return DEFAULT;
  }

  public static LinkPreviewAgents none() {
    return new LinkPreviewAgents(List.of());
  }

  /**
   * Reads a configured list: comma-separated, case-insensitive substrings; {@code default} expands
   * to the built-in list and {@code none} alone means no detection. Null or blank means defaults.
   */
  public static LinkPreviewAgents parse(String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return DEFAULT;
    }
    return of(List.of(commaSeparated.split(",")));
  }

  /** The given substrings; entries are trimmed and blanks dropped. */
  public static LinkPreviewAgents of(List<String> entries) {
    Set<String> needles = new LinkedHashSet<>();
    for (String entry : entries) {
      String needle = entry.strip().toLowerCase(Locale.ROOT);
      if (needle.equals(DEFAULTS_ENTRY)) {
        needles.addAll(DEFAULTS);
      } else if (needle.equals(NONE_ENTRY)) {
        if (entries.size() != 1) {
          throw new IllegalArgumentException("'none' cannot be combined with other agents");
        }
      } else if (!needle.isEmpty()) {
        needles.add(needle);
      }
    }
    return new LinkPreviewAgents(new ArrayList<>(needles));
  }

  /** Whether this User-Agent header (may be null) names a known automated fetcher. */
  public boolean matches(String userAgent) {
    if (userAgent == null || needles.length == 0) {
      return false;
    }
    // Returns the same instance when already lower case, which most bot agents are not.
    String ua = userAgent.toLowerCase(Locale.ROOT);
    for (String needle : needles) {
      if (ua.contains(needle)) {
        return true;
      }
    }
    return false;
  }

  /** The lower-case substrings matched, in order. */
  public List<String> entries() {
    return List.of(needles);
  }
}
