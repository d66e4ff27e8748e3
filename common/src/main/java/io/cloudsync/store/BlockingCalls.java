package io.cloudsync.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend's own bounded pool of named daemon threads for blocking work: a reader's calls and body
 * reads (so that {@link RemoteReader} methods return at once, also on event-loop threads), a
 * store's part or segment uploads. Idle threads end after 30 seconds.
 */
public final class BlockingCalls implements AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();

  /** Blocking work that fails as a store does. */
  @FunctionalInterface
  public interface Call<T> {
    T run() throws StoreException;
  }

  private final ThreadPoolExecutor executor;
  private final String closed;

  /**
   * @param name thread names are {@code <name>-<pool>-<n>}
   * @param threads at most this many run at once; more calls queue
   * @param closed what a call submitted after {@link #close} fails with
   */
  public BlockingCalls(String name, int threads, String closed) {
    int pool = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, name + "-" + pool + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    executor.allowCoreThreadTimeOut(true);
    this.closed = closed;
  }

  public ExecutorService executor() {
    return executor;
  }

  /** Runs {@code call} on the pool; its result, or its failure, completes the stage. */
  public <T> CompletionStage<T> submit(Call<T> call) {
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
      result.completeExceptionally(new StoreException(StoreException.Kind.TRANSIENT, closed, e));
    }
    return result;
  }

  /** Stops the pool; running calls are interrupted. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
