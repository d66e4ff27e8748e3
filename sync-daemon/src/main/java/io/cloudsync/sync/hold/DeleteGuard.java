package io.cloudsync.sync.hold;

import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code max_deletes_per_pass} of one mapping: the deletes one pass may perform, reserved by each
 * container replica before its crawl from a count of the deletes it would do. A reservation that
 * takes the pass over the limit puts that replica's deletes on hold ({@link DeleteHold}).
 */
public final class DeleteGuard {
  private final Long limit;
  private final HoldStore holds;
  private final AtomicLong reserved = new AtomicLong();

  /**
   * @param limit {@code max_deletes_per_pass}, null for none
   * @param holds where holds persist; null only where no hold can be made (tests without a status dir)
   */
  public DeleteGuard(Long limit, HoldStore holds) {
    this.limit = limit;
    this.holds = holds;
  }

  /** No limit and no holds. */
  public static DeleteGuard none() {
    return new DeleteGuard(null, null);
  }

  public Long limit() {
    return limit;
  }

  /** Null when this guard keeps no holds. */
  public HoldStore holds() {
    return holds;
  }

  /** A new pass of the mapping: nothing reserved yet. */
  public void startPass() {
    reserved.set(0);
  }

  /** Reserves {@code deletes} for this pass; false (and nothing reserved) when that would exceed the limit. */
  public boolean reserve(long deletes) {
    if (limit == null || deletes == 0) {
      return true;
    }
    long after = reserved.addAndGet(deletes);
    if (after > limit) {
      reserved.addAndGet(-deletes);
      return false;
    }
    return true;
  }

  /** Whether a hold of {@code held} deletes is within the (possibly raised, or removed) limit. */
  public boolean allows(long held) {
    return limit == null || held <= limit;
  }
}
