package io.adclick.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskUsageTest {

  @TempDir Path dir;

  @Test
  void sumsTheRegularFilesOfEveryLevel() throws Exception {
    Files.write(dir.resolve("a"), new byte[100]);
    Files.createDirectories(dir.resolve("x/y"));
    Files.write(dir.resolve("x/y/b"), new byte[23]);

    assertThat(DiskUsage.of(dir)).isEqualTo(123);
  }

  @Test
  void aFolderThatIsGoneHoldsNothing() {
    assertThat(DiskUsage.of(dir.resolve("deleted"))).isZero();
  }
}
