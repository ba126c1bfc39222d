package io.adclick.registry.rocksdb;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Keys and values. Ids are 8-byte big-endian so key order is id order for positive ids; records are
 * JSON so they stay readable with tools and tolerate added fields.
 */
final class RegistryCodec {

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private RegistryCodec() {}

  static byte[] id(long id) {
    return ByteBuffer.allocate(Long.BYTES).putLong(id).array();
  }

  static long id(byte[] bytes) {
    return ByteBuffer.wrap(bytes).getLong();
  }

  static byte[] pair(long first, long second) {
    return ByteBuffer.allocate(2 * Long.BYTES).putLong(first).putLong(second).array();
  }

  static long second(byte[] pair) {
    return ByteBuffer.wrap(pair).getLong(Long.BYTES);
  }

  static byte[] json(Object record) {
    try {
      return JSON.writeValueAsBytes(record);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static <T> T fromJson(byte[] bytes, Class<T> type) {
    try {
      return JSON.readValue(bytes, type);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt " + type.getSimpleName() + " record", e);
    }
  }
}
