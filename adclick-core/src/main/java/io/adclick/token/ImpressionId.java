package io.adclick.token;

import java.security.SecureRandom;
import java.util.HexFormat;

/** A random 128-bit impression id: the unit of deduplication. */
public record ImpressionId(long hi, long lo) {

  private static final HexFormat HEX = HexFormat.of();

  public static ImpressionId random(SecureRandom random) {
    return new ImpressionId(random.nextLong(), random.nextLong());
  }

  /** Parses the 32-character lower-case hex form produced by {@link #toString()}. */
  public static ImpressionId parse(String hex) {
    if (hex == null || hex.length() != 32) {
      throw new IllegalArgumentException("impression id must be 32 hex characters");
    }
    return new ImpressionId(HEX.fromHexDigits(hex, 0, 16), HEX.fromHexDigits(hex, 16, 32));
  }

  @Override
  public String toString() {
    return HEX.toHexDigits(hi) + HEX.toHexDigits(lo);
  }
}
