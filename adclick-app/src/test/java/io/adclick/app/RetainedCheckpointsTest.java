package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetainedCheckpointsTest {
  @TempDir Path dir;

  private Path checkpoint(String job, String name, boolean complete, long modifiedMillis)
      throws Exception {
    Path chk = Files.createDirectories(dir.resolve(job).resolve(name));
    if (complete) {
      Path metadata = Files.writeString(chk.resolve("_metadata"), "m");
      Files.setLastModifiedTime(metadata, FileTime.fromMillis(modifiedMillis));
    }
    return chk;
  }

  @Test
  void findsTheNewestCompletedCheckpointOfAnyJob() throws Exception {
    checkpoint("job-a", "chk-7", true, 1_000);
    Path newest = checkpoint("job-b", "chk-2", true, 3_000);
    checkpoint("job-b", "chk-3", false, 0); // being written when the cluster died
    Files.createDirectories(dir.resolve("job-b").resolve("shared"));

    assertThat(RetainedCheckpoints.latest(dir.toUri().toString()))
        .hasValueSatisfying(path -> assertThat(path).endsWith("/job-b/chk-2"));
    assertThat(newest).exists();
  }

  @Test
  void findsNothingWhereNoCheckpointCompleted() throws Exception {
    checkpoint("job-a", "chk-1", false, 0);

    assertThat(RetainedCheckpoints.latest(dir.toUri().toString())).isEmpty();
    assertThat(RetainedCheckpoints.latest(dir.resolve("none").toUri().toString())).isEmpty();
  }
}
