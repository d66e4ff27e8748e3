package io.cloudsync.sync.pass;

import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code max_deletes_per_pass}: a safety valve against a mass deletion (a wiped container, an
 * operator error) propagating to the archive. Once the budget is spent, further deletes of the
 * mapping wait for the next pass and an alert is raised.
 */
public final class DeleteBudget {
  private final Long limit;
  private final AtomicLong used = new AtomicLong();

  public DeleteBudget(Long limit) {
    this.limit = limit;
  }

  public void reset() {
    used.set(0);
  }

  /** Takes one delete from the budget; false when the budget for this pass is spent. */
  public boolean tryTake() {
    return limit == null || used.incrementAndGet() <= limit;
  }

  public boolean exhausted() {
    return limit != null && used.get() > limit;
  }
}
