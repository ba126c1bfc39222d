package io.adclick.app.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the newest completed checkpoint a previous run left under the checkpoint directory ({@code
 * <dir>/<job id>/chk-<n>/_metadata}). A MiniCluster starts every run as a new job, so without this
 * it would forget all state on restart.
 */
final class LatestCheckpoint {
  private LatestCheckpoint() {}

  static Optional<Path> in(Path checkpointsDir) {
    if (!Files.isDirectory(checkpointsDir)) {
      return Optional.empty();
    }
    try (Stream<Path> jobs = Files.list(checkpointsDir)) {
      return jobs.filter(Files::isDirectory)
          .flatMap(LatestCheckpoint::completed)
          .max(Comparator.comparing(LatestCheckpoint::metadataTime));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Deletes every job's checkpoint folder except the one holding {@code keep}: only the newest is
   * ever restored, and each restart would otherwise leave one more behind.
   */
  static void deleteAllBut(Path checkpointsDir, Optional<Path> keep) throws IOException {
    if (!Files.isDirectory(checkpointsDir)) {
      return;
    }
    Path keepJob = keep.map(Path::getParent).orElse(null);
    try (Stream<Path> jobs = Files.list(checkpointsDir)) {
      for (Path job : (Iterable<Path>) jobs::iterator) {
        if (!job.equals(keepJob)) {
          deleteTree(job);
        }
      }
    }
  }

  private static Stream<Path> completed(Path jobDir) {
    try (Stream<Path> children = Files.list(jobDir)) {
      return children
          .filter(p -> p.getFileName().toString().startsWith("chk-"))
          .filter(p -> Files.isRegularFile(p.resolve("_metadata")))
          .toList()
          .stream();
    } catch (IOException e) {
      return Stream.empty();
    }
  }

  private static FileTime metadataTime(Path checkpoint) {
    try {
      return Files.getLastModifiedTime(checkpoint.resolve("_metadata"));
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
