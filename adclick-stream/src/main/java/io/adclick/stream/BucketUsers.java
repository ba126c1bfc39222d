package io.adclick.stream;

import io.adclick.time.Granularity;
import io.adclick.users.UserSketch;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The distinct users of the current key's hour and day buckets, as sketch images in keyed state
 * beside the buckets' tallies. Minutes keep none: see {@link io.adclick.store.UpsertChecks}.
 *
 * <p>State bound: one image per hour and day bucket held, at most 2,088 bytes each and 4 bytes per
 * user below that ({@link UserSketch}); empty buckets (no user keys) hold nothing.
 */
final class BucketUsers {

  static final Granularity[] KEPT = {Granularity.HOUR, Granularity.DAY};

  private final Map<Granularity, MapState<Long, byte[]>> images = new EnumMap<>(Granularity.class);

  BucketUsers(RuntimeContext context, String namePrefix) {
    for (Granularity g : KEPT) {
      images.put(
          g,
          context.getMapState(
              new MapStateDescriptor<>(
                  namePrefix + g.apiName(),
                  Types.LONG,
                  PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)));
    }
  }

  /** Adds users to the hour and the day holding {@code minuteStart}. */
  void add(long minuteStart, long[] userHashes) throws Exception {
    if (userHashes.length == 0) {
      return;
    }
    for (Granularity g : KEPT) {
      MapState<Long, byte[]> state = images.get(g);
      long start = g.bucketStart(minuteStart);
      state.put(start, of(state.get(start)).plus(userHashes).toBytes());
    }
  }

  /** The users of a bucket; empty for minutes and for buckets without user keys. */
  UserSketch of(Granularity g, long start) throws Exception {
    MapState<Long, byte[]> state = images.get(g);
    return state == null ? UserSketch.EMPTY : of(state.get(start));
  }

  void remove(Granularity g, long start) throws Exception {
    MapState<Long, byte[]> state = images.get(g);
    if (state != null) {
      state.remove(start);
    }
  }

  private static UserSketch of(byte[] image) {
    return image == null ? UserSketch.EMPTY : UserSketch.fromBytes(image);
  }
}
