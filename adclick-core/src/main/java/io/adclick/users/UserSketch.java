package io.adclick.users;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.datasketches.hash.MurmurHash3;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

/**
 * The distinct users behind a bucket's clicks, as a mergeable HyperLogLog sketch (Apache
 * DataSketches HLL, {@value #LG_K} bits of register address, 4-bit registers). Sketches of the
 * parts of a range (a hot ad's salts, the hours of a day, the days of a week) merge into the sketch
 * of the whole, so distinct users add up across buckets the way clicks do.
 *
 * <p>Error, which the API documents: up to a few hundred users the sketch keeps one 32-bit coupon
 * per user and its estimate is exact but for hash collisions (about one in 67 million pairs); above
 * that the relative standard error is 1.04/sqrt(2^{@value #LG_K}) = 1.6%, so an estimate is within
 * {@value #RELATIVE_ERROR_95_PERCENT} of the true count 95% of the time. Size: 4 bytes per user up
 * to that point, then at most 2,088 bytes however many users. A larger LG_K would halve the error
 * for four times the size; this one keeps an hour of a hot ad under a page.
 *
 * <p>Immutable. The bytes are DataSketches' compact image, or none at all for no users, which is
 * also how a store holds a bucket whose clicks carried no user key. A record so that Flink moves it
 * between operators as a POJO (one byte array) rather than through Kryo.
 *
 * @param image the compact image, copied in; prefer {@link #fromBytes}
 */
public record UserSketch(byte[] image) {

  /** log2 of the number of HLL registers. Changing it changes every stored image's meaning. */
  public static final int LG_K = 12;

  /** Two standard errors of a sketch of this size (unioned, so without the HIP estimator). */
  public static final String RELATIVE_ERROR_95_PERCENT = "3.2%";

  public static final UserSketch EMPTY = new UserSketch(new byte[0]);

  private static final long HASH_SEED = 0x61_64_63_6c_69_63_6bL; // "adclick"
  private static final TgtHllType TYPE = TgtHllType.HLL_4;

  public UserSketch {
    image = image.clone();
  }

  /**
   * A 64-bit hash of a token's user key: what the stream job keeps per click until it folds the
   * click's user into its buckets, so a key of up to 255 bytes costs 8 in state.
   */
  public static long userHash(String userKey) {
    return MurmurHash3.hash(userKey.getBytes(StandardCharsets.UTF_8), HASH_SEED)[0];
  }

  /** The users with these hashes ({@link #userHash}); {@link #EMPTY} for none. */
  public static UserSketch of(long... userHashes) {
    return EMPTY.plus(userHashes);
  }

  /**
   * A sketch from its stored image, as {@link #toBytes} gave it. The image is checked when it is
   * first used, so a read that never merges it pays nothing.
   */
  public static UserSketch fromBytes(byte[] image) {
    return image.length == 0 ? EMPTY : new UserSketch(image);
  }

  /** Like {@link #fromBytes} for a stored value's tail, without copying it twice. */
  public static UserSketch fromBytes(byte[] value, int offset) {
    return offset >= value.length
        ? EMPTY
        : new UserSketch(Arrays.copyOfRange(value, offset, value.length));
  }

  /** These users and those with the given hashes. */
  public UserSketch plus(long... userHashes) {
    if (userHashes.length == 0) {
      return this;
    }
    HllSketch sketch = isEmpty() ? new HllSketch(LG_K, TYPE) : heapify();
    for (long hash : userHashes) {
      sketch.update(hash);
    }
    return new UserSketch(sketch.toCompactByteArray());
  }

  /** The users of this sketch and the other together. */
  public UserSketch union(UserSketch other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    return merge(this, other);
  }

  /** The users of all these sketches together, merged in one pass. */
  public static UserSketch merge(UserSketch... sketches) {
    return merge(Arrays.asList(sketches));
  }

  /** The users of all these sketches together, merged in one pass. */
  public static UserSketch merge(Iterable<UserSketch> sketches) {
    List<UserSketch> parts = new ArrayList<>();
    for (UserSketch s : sketches) {
      if (!s.isEmpty()) {
        parts.add(s);
      }
    }
    if (parts.size() <= 1) {
      return parts.isEmpty() ? EMPTY : parts.get(0);
    }
    Union union = new Union(LG_K);
    for (UserSketch part : parts) {
      union.update(part.heapify());
    }
    return new UserSketch(union.getResult(TYPE).toCompactByteArray());
  }

  /** The estimated number of distinct users, rounded; 0 for none. */
  public long estimate() {
    return isEmpty() ? 0 : Math.round(heapify().getEstimate());
  }

  public boolean isEmpty() {
    return image.length == 0;
  }

  /** The image to store: empty for no users. */
  public byte[] toBytes() {
    return image.clone();
  }

  /** The image, copied: the record's own array never leaves it. */
  @Override
  public byte[] image() {
    return image.clone();
  }

  /** Bytes {@link #toBytes} returns, without copying them. */
  public int sizeInBytes() {
    return image.length;
  }

  private HllSketch heapify() {
    try {
      return HllSketch.heapify(image);
    } catch (RuntimeException e) {
      throw new IllegalStateException("not a user sketch image (" + image.length + " bytes)", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserSketch other && Arrays.equals(image, other.image);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(image);
  }

  @Override
  public String toString() {
    return isEmpty() ? "UserSketch[none]" : "UserSketch[~" + estimate() + " users]";
  }
}
