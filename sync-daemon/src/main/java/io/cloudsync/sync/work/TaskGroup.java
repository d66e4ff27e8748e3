package io.cloudsync.sync.work;

import java.util.concurrent.Phaser;

/** Waits for a set of tasks handed to a {@link WorkerPool}. */
public final class TaskGroup {
  private final Phaser phaser = new Phaser(1);

  /** Submits {@code task} as a member of this group. */
  public void submit(WorkerPool pool, Runnable task) throws InterruptedException {
    phaser.register();
    try {
      pool.submit(() -> {
        try {
          task.run();
        } finally {
          phaser.arriveAndDeregister();
        }
      });
    } catch (InterruptedException | RuntimeException e) {
      phaser.arriveAndDeregister();
      throw e;
    }
  }

  /** Blocks until every submitted task has finished. */
  public void await() {
    phaser.arriveAndAwaitAdvance();
  }
}
