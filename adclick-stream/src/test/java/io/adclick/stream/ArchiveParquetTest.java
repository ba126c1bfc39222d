package io.adclick.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.event.ClickEvent;
import io.adclick.event.ClickKind;
import io.adclick.token.ImpressionId;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FileSystem;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveParquetTest {

  @TempDir Path dir;

  @Test
  void writesEveryFieldAndReadsItBackZstdCompressed() throws Exception {
    List<LoggedClick> clicks =
        List.of(
            new LoggedClick(
                new ClickEvent(
                    3,
                    7,
                    new ImpressionId(-1, Long.MAX_VALUE),
                    1_770_000_000_123L,
                    1_769_999_000_000L,
                    "user-é",
                    ClickKind.CANDIDATE,
                    5),
                2,
                41L),
            new LoggedClick(
                new ClickEvent(4, 8, new ImpressionId(1, 2), 1, 0, null, ClickKind.PREVIEW),
                0,
                Long.MAX_VALUE));
    Path file = dir.resolve("part.parquet");

    org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(file.toUri());
    try (var stream =
        FileSystem.getLocalFileSystem().create(path, FileSystem.WriteMode.NO_OVERWRITE)) {
      BulkWriter<LoggedClick> writer = ArchiveParquet.writerFactory().create(stream);
      for (LoggedClick click : clicks) {
        writer.addElement(click);
      }
      writer.finish();
    }

    assertThat(ArchiveFiles.read(file)).containsExactlyElementsOf(clicks);
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            new LocalInputFile(file),
            ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(new ZstdPages())
                .build())) {
      assertThat(reader.getFileMetaData().getSchema()).isEqualTo(ArchiveSchema.SCHEMA);
      assertThat(reader.getRowGroups().get(0).getColumns())
          .extracting(ColumnChunkMetaData::getCodec)
          .containsOnly(ArchiveParquet.CODEC);
    }
  }
}
