package io.adclick.registry.rocksdb;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adclick.registry.AdRegistry;
import io.adclick.registry.AdRegistryContract;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbAdRegistryTest extends AdRegistryContract {

  @TempDir Path dir;

  @Override
  protected AdRegistry createRegistry() {
    return RocksDbAdRegistry.open(dir, CLOCK);
  }

  @Override
  protected AdRegistry reopen(AdRegistry previous) {
    previous.close();
    return RocksDbAdRegistry.open(dir, CLOCK);
  }

  @Test
  void aDirectoryCanBeOpenedOnlyOnceAtATime() {
    assertThatThrownBy(() -> RocksDbAdRegistry.open(dir, CLOCK))
        .isInstanceOf(UncheckedIOException.class);
  }
}
