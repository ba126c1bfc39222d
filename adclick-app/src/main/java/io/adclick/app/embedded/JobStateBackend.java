package io.adclick.app.embedded;

import java.util.Locale;

/**
 * Where the aggregation job keeps its keyed state (the dedup marks and the open buckets).
 *
 * <p>The dedup state holds one mark and one timer per distinct impression clicked within the token
 * lifetime: at the design point (100M clicks a day, 24 h lifetime) about 100M entries, far beyond
 * any heap. {@link #FORST} keeps them on local disk with a bounded memory cache and checkpoints
 * incrementally (only new files are uploaded), so the server's memory stays fixed whatever the
 * traffic; {@link #HASHMAP} keeps them on the Java heap: a little less CPU per click, but memory
 * and checkpoint size grow with the number of live impressions, so it suits tests and small
 * installations only.
 */
public enum JobStateBackend {
  FORST,
  HASHMAP;

  /** The value of Flink's {@code state.backend.type}. */
  public String flinkName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static JobStateBackend parse(String name) {
    for (JobStateBackend backend : values()) {
      if (backend.flinkName().equals(name.trim().toLowerCase(Locale.ROOT))) {
        return backend;
      }
    }
    throw new IllegalArgumentException(
        "unknown state backend '" + name + "' (expected forst or hashmap)");
  }
}
