package io.cloudsync.store;

import io.cloudsync.store.StoreException.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs the parts of one multipart transfer on a shared pool, at most {@code window} at a time, so
 * one object never takes the whole pool and memory stays bounded by the pool, not by the number of
 * parts (an S3 multipart upload's parts, a Swift SLO's segments). After the first failure no
 * further part is started; the parts already running are waited
 * for (so an abort that follows does not race them), then the failure is thrown.
 */
public final class ParallelParts {

  /** The work for part {@code index} (from 0). */
  @FunctionalInterface
  public interface Task<T> {
    T run(int index) throws StoreException;
  }

  private record Done<T>(int index, T value) {}

  private ParallelParts() {}

  /** The results of {@code task(0 … count-1)}, in index order. */
  public static <T> List<T> run(ExecutorService pool, int window, int count, Task<T> task, String what)
      throws StoreException {
    ExecutorCompletionService<Done<T>> completion = new ExecutorCompletionService<>(pool);
    Set<Future<Done<T>>> running = new HashSet<>();
    Object[] results = new Object[count];
    StoreException failure = null;
    int next = 0;
    try {
      while (next < count && running.size() < window) {
        running.add(submit(completion, task, next++, what));
      }
      while (!running.isEmpty()) {
        Future<Done<T>> finished = completion.take();
        running.remove(finished);
        try {
          Done<T> done = finished.get();
          results[done.index()] = done.value();
        } catch (ExecutionException e) {
          failure = failure != null ? failure : asStoreException(e.getCause(), what);
        }
        if (failure == null && next < count) {
          running.add(submit(completion, task, next++, what));
        }
      }
    } catch (InterruptedException e) {
      running.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new StoreException(Kind.TRANSIENT, what + ": interrupted (shutting down)", e);
    }
    if (failure != null) {
      throw failure;
    }
    @SuppressWarnings("unchecked")
    List<T> list = (List<T>) new ArrayList<>(Arrays.asList(results));
    return list;
  }

  private static <T> Future<Done<T>> submit(ExecutorCompletionService<Done<T>> completion, Task<T> task, int index,
      String what) throws StoreException {
    try {
      return completion.submit(() -> new Done<>(index, task.run(index)));
    } catch (RejectedExecutionException e) {
      throw new StoreException(Kind.TRANSIENT, what + ": the part pool is shut down", e);
    }
  }

  private static StoreException asStoreException(Throwable cause, String what) {
    if (cause instanceof StoreException store) {
      return store;
    }
    return new StoreException(Kind.TRANSIENT, what + " failed: " + cause, cause);
  }
}
