package io.cloudsync.sync.work;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool of named threads with a bounded backlog: {@link #submit} blocks while
 * {@code threads × 2} tasks are queued or running, so whoever reads rows from a DB slows down to
 * the pace of the transfers instead of piling rows up in memory.
 */
public final class WorkerPool implements AutoCloseable {
  private final ExecutorService executor;
  private final Semaphore slots;

  public WorkerPool(String name, int threads) {
    this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        named(name));
    this.slots = new Semaphore(threads * 2);
  }

  /** A thread factory giving {@code <name>-1}, {@code <name>-2}, … daemon threads. */
  public static ThreadFactory named(String name) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Runs {@code task} on a pool thread, waiting for a free slot first. */
  public void submit(Runnable task) throws InterruptedException {
    slots.acquire();
    try {
      executor.execute(() -> {
        try {
          task.run();
        } finally {
          slots.release();
        }
      });
    } catch (RuntimeException e) {
      slots.release();
      throw e;
    }
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
