package io.adclick.bench.store;

import io.adclick.time.Granularity;
import io.adclick.users.UserSketch;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;

/**
 * The users behind a fill's clicks, and the sketches the stream job would write for them: each
 * click's user is drawn uniformly from a population of daily users (at 50M users and 100M clicks
 * nearly every click of an ad's hour is a different user, the store's worst case), and every ad's
 * and advertiser's hour and day keep the sketch of their users.
 *
 * <p>Ads' sketches are kept as stored images (10M ads, most with a few users); advertisers' as live
 * sketches (100k, most past a few hundred users a day).
 */
final class UserFill {

  private final long users;
  private final byte[][] adHours;
  private final byte[][] adDays;
  private final HllSketch[] advertiserHours;
  private final HllSketch[] advertiserDays;

  UserFill(int ads, int advertisers, long users) {
    this.users = users;
    this.adHours = new byte[ads][];
    this.adDays = new byte[ads][];
    this.advertiserHours = new HllSketch[advertisers];
    this.advertiserDays = new HllSketch[advertisers];
  }

  /** A click's user, as the hash the job would take of its key. */
  long draw(SplittableRandom random) {
    return UserSketch.userHash("user-" + random.nextLong(users));
  }

  /** A new hour: hour sketches start empty. */
  void startHour() {
    Arrays.fill(adHours, null);
    Arrays.fill(advertiserHours, null);
  }

  /** Adds an ad's users of one minute to its hour and day; the sketches to write with them. */
  UserSketch[] addToAd(int ad, long[] hashes) {
    UserSketch hour = plus(adHours, ad, hashes);
    UserSketch day = plus(adDays, ad, hashes);
    return new UserSketch[] {hour, day};
  }

  void addToAdvertiser(int advertiser, long hash) {
    live(advertiserHours, advertiser).update(hash);
    live(advertiserDays, advertiser).update(hash);
  }

  UserSketch advertiser(Granularity g, int advertiser) {
    HllSketch sketch = (g == Granularity.HOUR ? advertiserHours : advertiserDays)[advertiser];
    return sketch == null ? UserSketch.EMPTY : UserSketch.fromBytes(sketch.toCompactByteArray());
  }

  private static UserSketch plus(byte[][] images, int ad, long[] hashes) {
    byte[] image = images[ad];
    UserSketch sketch =
        image == null ? UserSketch.of(hashes) : UserSketch.fromBytes(image).plus(hashes);
    images[ad] = sketch.toBytes();
    return sketch;
  }

  private static HllSketch live(HllSketch[] sketches, int index) {
    if (sketches[index] == null) {
      sketches[index] = new HllSketch(UserSketch.LG_K, TgtHllType.HLL_4);
    }
    return sketches[index];
  }
}
