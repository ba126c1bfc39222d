package io.adclick.stream;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * ZSTD for Parquet pages straight through zstd-jni (whose native library ships in its jar and which
 * Kafka's client already brings). Parquet's own codec factory goes through Hadoop's codec pool and
 * {@code Configuration}, which would pull Hadoop's shaded Guava and an XML parser onto the
 * classpath for nothing. A page is one standard zstd frame, as the Parquet format specifies, so any
 * reader (DuckDB, Spark, parquet-java) decodes it.
 */
final class ZstdPages implements CompressionCodecFactory {

  /** zstd's default: a fraction of the CPU of higher levels, most of their ratio on clicks. */
  static final int LEVEL = 3;

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    requireZstd(codec);
    return new Compressor();
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    requireZstd(codec);
    return new Decompressor();
  }

  @Override
  public void release() {}

  private static void requireZstd(CompressionCodecName codec) {
    if (codec != CompressionCodecName.ZSTD) {
      throw new IllegalArgumentException("only ZSTD pages are supported, not " + codec);
    }
  }

  private static final class Compressor implements BytesInputCompressor {
    @Override
    public BytesInput compress(BytesInput page) throws IOException {
      return BytesInput.from(Zstd.compress(page.toByteArray(), LEVEL));
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.ZSTD;
    }

    @Override
    public void release() {}
  }

  private static final class Decompressor implements BytesInputDecompressor {
    @Override
    public BytesInput decompress(BytesInput page, int uncompressedSize) throws IOException {
      return BytesInput.from(Zstd.decompress(page.toByteArray(), uncompressedSize));
    }

    @Override
    public void decompress(
        ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
        throws IOException {
      byte[] compressed = new byte[compressedSize];
      input.get(compressed);
      output.put(Zstd.decompress(compressed, uncompressedSize));
    }

    @Override
    public void release() {}
  }
}
