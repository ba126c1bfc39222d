package io.adclick.stream;

import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.streaming.api.TimerService;

/**
 * The highest watermark an operator has acted on, kept in its checkpoints. After a restore an
 * operator's watermark starts from nothing until the first new one arrives, yet the replay begins
 * at once: without this floor a replayed late click would restart an already finalized and cleared
 * bucket from zero (overwriting the stored total with a smaller one), or pass dedup for an
 * impression whose mark already expired.
 *
 * <p>Union list state: after a rescale every subtask sees every old subtask's floor and takes the
 * highest. Subtasks' watermarks at one checkpoint barely differ; erring high can at worst treat a
 * click for a bucket about to become final as late (reconciliation adds it), never count one into a
 * cleared bucket.
 */
final class WatermarkFloor {

  private final ListState<Long> state;
  private long floor;

  private WatermarkFloor(ListState<Long> state, long floor) {
    this.state = state;
    this.floor = floor;
  }

  static WatermarkFloor restore(FunctionInitializationContext context) throws Exception {
    ListState<Long> state =
        context
            .getOperatorStateStore()
            .getUnionListState(new ListStateDescriptor<>("watermark-floor", Types.LONG));
    long floor = Long.MIN_VALUE;
    if (context.isRestored()) {
      for (Long watermark : state.get()) {
        floor = Math.max(floor, watermark);
      }
    }
    return new WatermarkFloor(state, floor);
  }

  /** The watermark to judge lateness by; call it wherever the operator acts on the watermark. */
  long current(TimerService timers) {
    floor = Math.max(floor, timers.currentWatermark());
    return floor;
  }

  void snapshot() throws Exception {
    state.update(List.of(floor));
  }
}
