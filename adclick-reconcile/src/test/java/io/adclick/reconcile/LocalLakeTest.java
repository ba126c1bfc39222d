package io.adclick.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalLakeTest {
  @Test
  void pathsAndFileUrisAreLocalObjectStoresAreNot() {
    assertThat(LocalLake.folderOf("/srv/adclick/lake")).contains(Path.of("/srv/adclick/lake"));
    assertThat(LocalLake.folderOf("file:///srv/lake")).contains(Path.of("/srv/lake"));
    assertThat(LocalLake.folderOf("s3://bucket/lake")).isEmpty();
    assertThat(LocalLake.folderOf("hdfs://nn:8020/lake")).isEmpty();
  }
}
