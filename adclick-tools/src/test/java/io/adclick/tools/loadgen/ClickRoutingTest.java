package io.adclick.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.tools.loadgen.ClickClient.Send;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClickRoutingTest {

  /** A target answering from a script, then with its last answer for good. */
  private static final class Scripted implements ClickRouting.Target {
    private final Deque<Send> script;
    private final List<PlannedClick> took = new ArrayList<>();
    private int asked;

    Scripted(Send... answers) {
      script = new ArrayDeque<>(Arrays.asList(answers));
    }

    @Override
    public Send send(PlannedClick click, long intendedNanos) {
      asked++;
      Send answer = script.size() > 1 ? script.poll() : script.peek();
      if (answer == Send.TAKEN) {
        took.add(click);
      }
      return answer;
    }
  }

  @Test
  void freshClicksGoRoundRobinBySequence() {
    ClickRouting routing = routing(up(), up(), up());

    assertThat(sendFresh(routing, 0, 7)).containsExactly(0, 1, 2, 0, 1, 2, 0);
  }

  @Test
  void aRepeatGoesToAnotherTargetThanItsImpressionLastWentTo() {
    ClickRouting routing = routing(up(), up());

    // A repeat whose turn falls on its last target moves on; one whose turn does not keeps it.
    assertThat(routing.send(repeat(0), 4, 0)).isEqualTo(1);
    assertThat(routing.send(repeat(1), 5, 0)).isEqualTo(0);
    assertThat(routing.send(repeat(1), 6, 0)).isEqualTo(0);
  }

  @Test
  void aRepeatStillSkipsItsLastTargetWhenFailingOver() {
    ClickRouting routing = routing(down(), up(), up());

    // Target 0's turn, but it is down; target 1 is next in line but had this impression last.
    assertThat(routing.send(repeat(1), 3, 0)).isEqualTo(2);
  }

  @Test
  void aTargetWithNoConnectionIsPassedOverForTheNextOne() {
    Scripted down = down();
    Scripted up = up();
    ClickRouting routing = routing(down, up);

    assertThat(sendFresh(routing, 0, 4)).containsExactly(1, 1, 1, 1);
    assertThat(up.took).hasSize(4);
    assertThat(down.took).isEmpty();
  }

  @Test
  void aRepeatGoesBackToItsLastTargetWhenNoOtherIsUp() {
    ClickRouting routing = routing(down(), up());

    assertThat(routing.send(repeat(1), 0, 0)).isEqualTo(1);
  }

  @Test
  void aBusyTargetIsWaitedForRatherThanPassedOver() {
    Scripted busy = new Scripted(Send.ALL_BUSY, Send.ALL_BUSY, Send.TAKEN);
    Scripted other = up();
    ClickRouting routing = routing(busy, other);

    assertThat(routing.send(fresh(), 0, 0)).isZero();
    assertThat(busy.asked).isEqualTo(3);
    assertThat(other.asked).isZero();
  }

  @Test
  void aClickIsUnsentWhenNoTargetHasAConnection() {
    Scripted first = down();
    Scripted second = down();
    ClickRouting routing = routing(first, second);

    assertThat(routing.send(fresh(), 0, 0)).isEqualTo(ClickRouting.UNSENT);
    assertThat(routing.send(repeat(0), 1, 0)).isEqualTo(ClickRouting.UNSENT);
    assertThat(first.asked).as("each target asked once per click").isEqualTo(2);
    assertThat(second.asked).isEqualTo(2);
  }

  @Test
  void oneTargetTakesEveryClickIncludingRepeats() {
    ClickRouting routing = routing(up());

    assertThat(routing.send(fresh(), 0, 0)).isZero();
    assertThat(routing.send(repeat(0), 1, 0)).isZero();
  }

  private static ClickRouting routing(ClickRouting.Target... targets) {
    return new ClickRouting(List.of(targets));
  }

  private static List<Integer> sendFresh(ClickRouting routing, long from, int count) {
    List<Integer> chosen = new ArrayList<>();
    for (long i = from; i < from + count; i++) {
      chosen.add(routing.send(fresh(), i, 0));
    }
    return chosen;
  }

  private static Scripted up() {
    return new Scripted(Send.TAKEN);
  }

  private static Scripted down() {
    return new Scripted(Send.NO_CONNECTION);
  }

  private static PlannedClick fresh() {
    return new PlannedClick("imp", 1, "/c/imp", false, false, PlannedClick.NO_TARGET);
  }

  private static PlannedClick repeat(int lastTarget) {
    return new PlannedClick("imp", 1, "/c/imp", false, true, lastTarget);
  }
}
