package io.cloudsync.sync.hold;

import java.time.Instant;

/**
 * A delete hold of one container DB replica and target on this node.
 *
 * @param deletesHeld remote deletes not performed since the hold began (tombstones the cursors passed)
 * @param heldSince when the hold began
 * @param fromRow the own-rows cursor when the hold began: a release rescans from here
 * @param fromVerifiedRow the verification cursor when the hold began
 * @param throughRow once released: the highest row the cursors had passed while held; tombstones up
 *     to it are deleted without counting against {@code max_deletes_per_pass}
 * @param released the operator released it (or raised the limit); removed once the cursors are past
 *     {@code throughRow} again
 */
public record DeleteHold(long deletesHeld, Instant heldSince, long fromRow, long fromVerifiedRow, long throughRow,
    boolean released) {

  /** A new hold starting at these cursors. */
  public static DeleteHold begin(Instant now, long fromRow, long fromVerifiedRow) {
    return new DeleteHold(0, now, fromRow, fromVerifiedRow, 0, false);
  }

  public DeleteHold plusHeld(long more) {
    return new DeleteHold(deletesHeld + more, heldSince, fromRow, fromVerifiedRow, throughRow, released);
  }

  public DeleteHold release(long through) {
    return new DeleteHold(deletesHeld, heldSince, fromRow, fromVerifiedRow, through, true);
  }

  /** Whether deletes are being held now (not released). */
  public boolean holding() {
    return !released;
  }
}
