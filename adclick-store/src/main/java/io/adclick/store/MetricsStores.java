package io.adclick.store;

import io.adclick.store.rocksdb.RocksDbMetricsStore;
import java.nio.file.Path;

/** Opens a {@link MetricsStore} from a configuration URI. */
public final class MetricsStores {

  private static final String ROCKSDB = "rocksdb:";

  private MetricsStores() {}

  /**
   * Opens the store a URI names. Supported: {@code rocksdb:<path>}, an absolute or relative
   * directory such as {@code rocksdb:/var/lib/adclick/metrics}; handles opened on the same
   * directory in one process share the database.
   *
   * @throws IllegalArgumentException if the URI's scheme is not supported or its path is empty
   */
  public static MetricsStore open(String uri) {
    if (uri != null && uri.startsWith(ROCKSDB)) {
      String path = uri.substring(ROCKSDB.length());
      if (path.isBlank()) {
        throw new IllegalArgumentException("metrics store URI '" + uri + "' has no path");
      }
      return RocksDbMetricsStore.open(Path.of(path));
    }
    throw new IllegalArgumentException(
        "unsupported metrics store URI '" + uri + "': expected rocksdb:<directory>");
  }
}
