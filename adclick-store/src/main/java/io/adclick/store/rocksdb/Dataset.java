package io.adclick.store.rocksdb;

/** The three views the store keeps of the same counts; see {@link MetricsKeys} for their keys. */
enum Dataset {
  /** Running totals per ad (and salt), exactly as the job writes them. */
  AD("ad"),
  /** Per advertiser: the sum of its ads' totals. */
  ADVERTISER("advertiser"),
  /** Per advertiser and bucket, each ad's total summed over its salts. */
  ADVERTISER_AD("advertiser-ad");

  private final String prefix;

  Dataset(String prefix) {
    this.prefix = prefix;
  }

  String prefix() {
    return prefix;
  }

  static Dataset fromPrefix(String prefix) {
    for (Dataset d : values()) {
      if (d.prefix.equals(prefix)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown dataset " + prefix);
  }
}
