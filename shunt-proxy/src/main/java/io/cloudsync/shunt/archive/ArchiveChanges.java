package io.cloudsync.shunt.archive;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The named, bounded pool on which the shunt's archive changes (DELETE and POST of archived
 * objects) make their blocking remote-store calls, off the event loops. Shared by every route of
 * one configuration; idle threads end after 30 seconds. A change that finds the queue full fails
 * at once ({@link Busy}), so a flood of deletes cannot pile up without bound.
 */
final class ArchiveChanges implements AutoCloseable {
  static final int THREADS = 4;
  static final int QUEUE = 256;
  private static final AtomicInteger POOLS = new AtomicInteger();

  /** The pool is full or closed. */
  static final class Busy extends RuntimeException {
    Busy(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Blocking work. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws Exception;
  }

  private final ThreadPoolExecutor executor;

  ArchiveChanges() {
    int pool = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
      Thread t = new Thread(r, "shunt-archive-change-" + pool + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    executor.allowCoreThreadTimeOut(true);
  }

  <T> CompletionStage<T> submit(Call<T> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        try {
          result.complete(call.run());
        } catch (Throwable t) {
          result.completeExceptionally(t);
        }
      });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new Busy("too many archive changes in progress (" + QUEUE + " queued)", e));
    }
    return result;
  }

  @Override
  public void close() {
    executor.shutdown();
  }
}
