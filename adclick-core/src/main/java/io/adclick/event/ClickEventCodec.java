package io.adclick.event;

import io.adclick.token.ImpressionId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The log's compact binary encoding of a {@link ClickEvent}. Version 1:
 *
 * <pre>
 * version(1) kind(1) adId(8) advertiserId(8) impressionId(16) clickTime(8) issuedAt(8)
 * userKeyLength(1) userKey(n, UTF-8)
 * </pre>
 *
 * The record key is the ad id (8 bytes, big-endian) so one ad's clicks stay in one partition, in
 * order.
 */
public final class ClickEventCodec {
  /** Version 2 adds the salt byte; version 1 records (older logs and spools) read as salt 0. */
  public static final byte VERSION = 2;

  private static final byte VERSION_1 = 1;
  private static final int FIXED_BYTES_V1 = 51;
  private static final int FIXED_BYTES = FIXED_BYTES_V1 + 1;

  private ClickEventCodec() {}

  public static byte[] encode(ClickEvent e) {
    byte[] user = e.userKey() == null ? new byte[0] : e.userKey().getBytes(StandardCharsets.UTF_8);
    if (user.length > 255) {
      throw new IllegalArgumentException("user key too long");
    }
    ByteBuffer b = ByteBuffer.allocate(FIXED_BYTES + user.length);
    b.put(VERSION)
        .put((byte) e.kind().code())
        .putLong(e.adId())
        .putLong(e.advertiserId())
        .putLong(e.impressionId().hi())
        .putLong(e.impressionId().lo())
        .putLong(e.clickTimeMillis())
        .putLong(e.issuedAtMillis())
        .put((byte) e.salt())
        .put((byte) user.length)
        .put(user);
    return b.array();
  }

  /**
   * @throws IllegalArgumentException if the bytes are not a click event this version can read
   */
  public static ClickEvent decode(byte[] bytes) {
    if (bytes == null || bytes.length < FIXED_BYTES_V1) {
      throw new IllegalArgumentException("click event too short");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte version = b.get();
    if (version != VERSION && version != VERSION_1) {
      throw new IllegalArgumentException("unsupported click event version " + version);
    }
    int fixedBytes = version == VERSION ? FIXED_BYTES : FIXED_BYTES_V1;
    if (bytes.length < fixedBytes) {
      throw new IllegalArgumentException("click event too short");
    }
    ClickKind kind = ClickKind.ofCode(b.get());
    long adId = b.getLong();
    long advertiserId = b.getLong();
    ImpressionId impression = new ImpressionId(b.getLong(), b.getLong());
    long clickTime = b.getLong();
    long issuedAt = b.getLong();
    int salt = version == VERSION ? b.get() & 0xff : 0;
    if (salt >= ClickEvent.MAX_SALTS) {
      throw new IllegalArgumentException("click event salt out of range: " + salt);
    }
    int userLen = b.get() & 0xff;
    if (b.remaining() != userLen) {
      throw new IllegalArgumentException("click event length does not match its user key");
    }
    String user =
        userLen == 0 ? null : new String(bytes, fixedBytes, userLen, StandardCharsets.UTF_8);
    return new ClickEvent(adId, advertiserId, impression, clickTime, issuedAt, user, kind, salt);
  }

  public static byte[] key(long adId) {
    return ByteBuffer.allocate(8).putLong(adId).array();
  }

  /**
   * The Kafka key of a click: its ad, plus the salt for a hot ad's clicks, so that one hot ad is
   * spread over several partitions while an impression's repeats stay in one.
   */
  public static byte[] key(ClickEvent click) {
    if (click.salt() == 0) {
      return key(click.adId());
    }
    return ByteBuffer.allocate(9).putLong(click.adId()).put((byte) click.salt()).array();
  }
}
