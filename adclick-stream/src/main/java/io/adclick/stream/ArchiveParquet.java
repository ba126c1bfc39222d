package io.adclick.stream;

import java.io.IOException;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/**
 * How archive part files are encoded: {@link ArchiveSchema} rows, ZSTD-compressed ({@link
 * ZstdPages}), dictionary encoding on (ad, advertiser, kind and partition repeat a lot within a
 * file).
 */
final class ArchiveParquet implements ParquetBuilder<LoggedClick> {

  static final CompressionCodecName CODEC = CompressionCodecName.ZSTD;

  private static final long serialVersionUID = 1L;

  static ParquetWriterFactory<LoggedClick> writerFactory() {
    return new ParquetWriterFactory<>(new ArchiveParquet());
  }

  @Override
  public ParquetWriter<LoggedClick> createWriter(OutputFile out) throws IOException {
    return new Builder(out)
        // Parquet's own configuration, not Hadoop's: nothing reads core-site.xml.
        .withConf(new PlainParquetConfiguration())
        .withCompressionCodec(CODEC)
        .withCodecFactory(new ZstdPages())
        .withDictionaryEncoding(true)
        .build();
  }

  private static final class Builder extends ParquetWriter.Builder<LoggedClick, Builder> {
    Builder(OutputFile out) {
      super(out);
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<LoggedClick> getWriteSupport(Configuration conf) {
      return new ArchiveWriteSupport();
    }

    @Override
    protected WriteSupport<LoggedClick> getWriteSupport(ParquetConfiguration conf) {
      return new ArchiveWriteSupport();
    }
  }
}
