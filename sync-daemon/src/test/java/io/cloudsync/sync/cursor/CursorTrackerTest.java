package io.cloudsync.sync.cursor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CursorTrackerTest {
  @Test
  void advancesOnlyOverTheFinishedPrefixWhenRowsFinishOutOfOrder() {
    CursorTracker t = new CursorTracker(10);
    t.started(11);
    t.started(12);
    t.skipped(13);
    t.started(14);
    assertThat(t.completedThrough()).isEqualTo(10);

    t.finished(14);
    t.finished(12);
    assertThat(t.completedThrough()).as("row 11 still in flight").isEqualTo(10);

    t.finished(11);
    assertThat(t.completedThrough()).isEqualTo(14);
  }

  @Test
  void skippedRowsAloneMoveTheCursor() {
    CursorTracker t = new CursorTracker(0);
    t.skipped(5);
    t.skipped(9);
    assertThat(t.completedThrough()).isEqualTo(9);
  }

  @Test
  void aRowThatNeverFinishesHoldsTheCursorBeforeIt() {
    CursorTracker t = new CursorTracker(0);
    t.started(1);
    t.started(2);
    t.started(3);
    t.finished(1);
    t.finished(3);
    assertThat(t.completedThrough()).isEqualTo(1);
    assertThat(t.inFlight()).isEqualTo(1);
  }

  @Test
  void rowsMustArriveInAscendingOrder() {
    CursorTracker t = new CursorTracker(5);
    assertThatThrownBy(() -> t.started(5)).isInstanceOf(IllegalArgumentException.class);
  }
}
