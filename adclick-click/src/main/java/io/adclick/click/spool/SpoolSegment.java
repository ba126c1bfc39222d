package io.adclick.click.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * One spool file: records of {@code length(4) crc32c(4) payload(length)}, appended in order. A
 * crash can leave a torn last record; reading stops at the first record that is incomplete or fails
 * its checksum, since nothing after it was ever acknowledged to a user.
 */
final class SpoolSegment {
  static final String SUFFIX = ".spool";
  static final int HEADER_BYTES = 8;

  /** Far above any click event; a larger length can only be a torn or corrupt header. */
  static final int MAX_RECORD_BYTES = 64 * 1024;

  private SpoolSegment() {}

  static String fileName(long sequence) {
    return String.format("segment-%020d%s", sequence, SUFFIX);
  }

  static long sequenceOf(Path file) {
    String name = file.getFileName().toString();
    return Long.parseLong(name.substring("segment-".length(), name.length() - SUFFIX.length()));
  }

  static boolean isSegment(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith("segment-") && name.endsWith(SUFFIX);
  }

  /** Appends one record to the buffer (which must have room). */
  static void frame(byte[] payload, ByteBuffer into) {
    CRC32C crc = new CRC32C();
    crc.update(payload);
    into.putInt(payload.length).putInt((int) crc.getValue()).put(payload);
  }

  static int framedSize(byte[] payload) {
    return HEADER_BYTES + payload.length;
  }

  /** Every intact record of the file, in order. */
  static List<byte[]> read(Path file) throws IOException {
    List<byte[]> records = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer all = ByteBuffer.allocate((int) Math.min(channel.size(), Integer.MAX_VALUE));
      while (all.hasRemaining() && channel.read(all) >= 0) {
        // read until full or end of file
      }
      all.flip();
      while (all.remaining() >= HEADER_BYTES) {
        int length = all.getInt();
        int expectedCrc = all.getInt();
        if (length < 0 || length > MAX_RECORD_BYTES || length > all.remaining()) {
          break;
        }
        byte[] payload = new byte[length];
        all.get(payload);
        CRC32C crc = new CRC32C();
        crc.update(payload);
        if ((int) crc.getValue() != expectedCrc) {
          break;
        }
        records.add(payload);
      }
    }
    return records;
  }
}
