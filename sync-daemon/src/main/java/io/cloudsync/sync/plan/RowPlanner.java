package io.cloudsync.sync.plan;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides what a row needs (swift-s3-sync's {@code SyncContainer.handle}, minus its bugs): a
 * tombstone deletes remotely only when {@code propagate_delete} is on; a live row is copied once
 * it is older than {@code copy_after}, counted from its newest timestamp.
 */
public final class RowPlanner {
  private final boolean propagateDelete;
  private final Duration copyAfter;

  public RowPlanner(boolean propagateDelete, Duration copyAfter) {
    this.propagateDelete = propagateDelete;
    this.copyAfter = copyAfter;
  }

  /**
   * Whether {@link #plan} answers {@link RowPlan.Nothing} for every tombstone ({@code
   * propagate_delete} off), so a crawl may let SQLite skip them.
   */
  public boolean tombstonesNeedNothing() {
    return !propagateDelete;
  }

  public RowPlan plan(RowFacts row, Instant now) {
    if (row.deleted()) {
      return propagateDelete ? new RowPlan.DeleteRemote() : new RowPlan.Nothing();
    }
    Instant due = row.metaTime().toInstant().plus(copyAfter);
    if (!copyAfter.isZero() && now.isBefore(due)) {
      return new RowPlan.Defer(due);
    }
    return new RowPlan.Copy();
  }
}
