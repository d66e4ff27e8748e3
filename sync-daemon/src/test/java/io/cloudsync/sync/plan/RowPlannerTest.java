package io.cloudsync.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.swift.SwiftTimestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RowPlannerTest {
  static final SwiftTimestamp T = SwiftTimestamp.parse("1500000000.00000");
  static final Instant AT_T = Instant.ofEpochSecond(1_500_000_000L);

  @Test
  void tombstonesDeleteRemotelyOnlyWithPropagateDelete() {
    assertThat(new RowPlanner(true, Duration.ZERO).plan(new RowFacts(true, T), AT_T))
        .isInstanceOf(RowPlan.DeleteRemote.class);
    assertThat(new RowPlanner(false, Duration.ZERO).plan(new RowFacts(true, T), AT_T))
        .isInstanceOf(RowPlan.Nothing.class);
  }

  @Test
  void saysWhenEveryTombstoneNeedsNothing() {
    for (boolean propagate : new boolean[] {true, false}) {
      for (Duration copyAfter : new Duration[] {Duration.ZERO, Duration.ofHours(1)}) {
        RowPlanner planner = new RowPlanner(propagate, copyAfter);
        boolean nothing = planner.plan(new RowFacts(true, T), AT_T) instanceof RowPlan.Nothing
            && planner.plan(new RowFacts(true, T), AT_T.minusSeconds(86_400)) instanceof RowPlan.Nothing;
        assertThat(planner.tombstonesNeedNothing()).as("propagate %s, copy_after %s", propagate, copyAfter)
            .isEqualTo(nothing).isEqualTo(!propagate);
      }
    }
  }

  @Test
  void tombstonesIgnoreCopyAfter() {
    assertThat(new RowPlanner(true, Duration.ofHours(1)).plan(new RowFacts(true, T), AT_T))
        .isInstanceOf(RowPlan.DeleteRemote.class);
  }

  @Test
  void liveRowsWaitForCopyAfterCountedFromTheirNewestTimestamp() {
    RowPlanner planner = new RowPlanner(false, Duration.ofSeconds(60));
    RowPlan young = planner.plan(new RowFacts(false, T), AT_T.plusSeconds(59));
    assertThat(young).isEqualTo(new RowPlan.Defer(AT_T.plusSeconds(60)));
    assertThat(planner.plan(new RowFacts(false, T), AT_T.plusSeconds(60))).isInstanceOf(RowPlan.Copy.class);
  }

  @Test
  void withoutCopyAfterEveryLiveRowIsCopied() {
    assertThat(new RowPlanner(true, Duration.ZERO).plan(new RowFacts(false, T), AT_T.minusSeconds(5)))
        .isInstanceOf(RowPlan.Copy.class);
  }
}
