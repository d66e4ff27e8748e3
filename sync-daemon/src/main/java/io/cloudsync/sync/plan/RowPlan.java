package io.cloudsync.sync.plan;

import java.time.Instant;

/** What to do with one container row. */
public sealed interface RowPlan {
  /** Nothing to send: a tombstone of a mapping that keeps remote copies. */
  record Nothing() implements RowPlan {}

  /** Delete the remote copy (tombstone, {@code propagate_delete}). */
  record DeleteRemote() implements RowPlan {}

  /** Not due before {@code due} ({@code copy_after}). */
  record Defer(Instant due) implements RowPlan {}

  /** Make the remote copy current (upload, metadata update, or nothing if already current). */
  record Copy() implements RowPlan {}
}
