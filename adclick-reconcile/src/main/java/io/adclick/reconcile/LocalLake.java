package io.adclick.reconcile;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a lake URI names a local folder, which DuckDB here can read: a plain path or a {@code
 * file:} URI. An object store ({@code s3://...}) is read by Flink's file systems only, so
 * reconciliation and SQL over the lake are off for it.
 */
public final class LocalLake {
  private LocalLake() {}

  public static Optional<Path> folderOf(String lakeUri) {
    if (lakeUri.startsWith("file:")) {
      try {
        return Optional.of(Path.of(new URI(lakeUri)));
      } catch (URISyntaxException | IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    // A scheme is letters, digits, '+', '-', '.' before "://"; a Windows drive is not one.
    if (lakeUri.matches("^[A-Za-z][A-Za-z0-9+.-]+://.*")) {
      return Optional.empty();
    }
    return Optional.of(Path.of(lakeUri));
  }
}
