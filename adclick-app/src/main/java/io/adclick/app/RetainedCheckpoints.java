package io.adclick.app;

import java.io.IOException;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * The newest completed checkpoint the cluster retained under a checkpoint location ({@code
 * <location>/<job id>/chk-<n>/_metadata}), through Flink's filesystems: {@code file://} always,
 * other schemes when their Flink filesystem is on this process's classpath. Lets {@code job submit
 * --restore-from latest} resume after the job or the whole cluster was lost, without hunting for
 * the path.
 */
final class RetainedCheckpoints {
  static final String LATEST = "latest";

  private RetainedCheckpoints() {}

  static Optional<String> latest(String location) throws IOException {
    Path root = new Path(location);
    FileSystem fs = root.getFileSystem();
    if (!fs.exists(root)) {
      return Optional.empty();
    }
    return Stream.of(fs.listStatus(root))
        .filter(FileStatus::isDir)
        .flatMap(job -> completed(fs, job.getPath()))
        .max(Comparator.comparingLong(FileStatus::getModificationTime))
        .map(metadata -> metadata.getPath().getParent().toString());
  }

  /** The {@code _metadata} of each completed checkpoint of one job: written last, so complete. */
  private static Stream<FileStatus> completed(FileSystem fs, Path jobDir) {
    try {
      FileStatus[] children = fs.listStatus(jobDir);
      if (children == null) {
        return Stream.empty();
      }
      return Stream.of(children)
          .filter(c -> c.isDir() && c.getPath().getName().startsWith("chk-"))
          .flatMap(c -> metadata(fs, c.getPath()));
    } catch (IOException e) {
      return Stream.empty();
    }
  }

  private static Stream<FileStatus> metadata(FileSystem fs, Path checkpoint) {
    try {
      Path file = new Path(checkpoint, "_metadata");
      return fs.exists(file) ? Stream.of(fs.getFileStatus(file)) : Stream.empty();
    } catch (IOException e) {
      return Stream.empty();
    }
  }
}
