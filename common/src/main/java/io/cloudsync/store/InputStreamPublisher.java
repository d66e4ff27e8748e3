package io.cloudsync.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes a blocking response stream with back-pressure and a bounded read-ahead: a reader task
 * (on {@code executor}, never on the subscriber's thread) keeps at most {@code prefetch} chunks
 * ready, and stops reading while they wait for demand, so a slow client slows the remote read
 * down and memory stays bounded ({@code prefetch × chunkSize}). Ready chunks are handed over on
 * whichever thread signals demand, so a fast client is not held up by thread hand-offs. Each chunk
 * is a fresh buffer. One subscriber only. Cancelling aborts the stream (its connection is dropped,
 * not drained); the end of the stream closes it (the connection goes back to the pool). Backends
 * share it for their readers' bodies (S3's SDK stream, a Swift answer's entity).
 */
public final class InputStreamPublisher implements Flow.Publisher<ByteBuffer> {
  private final InputStream in;
  private final Runnable abort;
  private final Executor executor;
  private final int chunkSize;
  private final int prefetch;
  private final AtomicBoolean subscribed = new AtomicBoolean();

  /**
   * @param in the response body; closed at its end or when the subscriber cancels
   * @param abort drops the connection behind {@code in} without draining it (run before
   *     {@code in} is closed on a cancel or a failure); may do nothing when closing does that
   */
  public InputStreamPublisher(InputStream in, Runnable abort, Executor executor, int chunkSize, int prefetch) {
    this.in = Objects.requireNonNull(in, "in");
    this.abort = Objects.requireNonNull(abort, "abort");
    this.executor = Objects.requireNonNull(executor, "executor");
    if (chunkSize < 1 || prefetch < 1) {
      throw new IllegalArgumentException("chunkSize and prefetch must be positive");
    }
    this.chunkSize = chunkSize;
    this.prefetch = prefetch;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    if (!subscribed.compareAndSet(false, true)) {
      subscriber.onSubscribe(new Flow.Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
      });
      subscriber.onError(new IllegalStateException("this body has already been subscribed to"));
      return;
    }
    Stream stream = new Stream(subscriber);
    subscriber.onSubscribe(stream);
  }

  private final class Stream implements Flow.Subscription, Runnable {
    private final Flow.Subscriber<? super ByteBuffer> subscriber;
    /** Serializes signals to the subscriber (whoever increments it from 0 emits). */
    private final AtomicInteger emitting = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    // Guarded by this.
    private final ArrayDeque<ByteBuffer> ready = new ArrayDeque<>();
    private long demand;
    private boolean reading;
    private boolean eof;
    private Throwable error;
    private boolean terminated;
    private volatile boolean cancelled;

    Stream(Flow.Subscriber<? super ByteBuffer> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        synchronized (this) {
          if (terminated) {
            return;
          }
          error = new IllegalArgumentException("request(" + n + ") violates Flow rule 3.9");
          eof = true;
          ready.clear();
        }
        cancelled = true;
        abort();
        emit();
        return;
      }
      synchronized (this) {
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
      }
      emit();
    }

    @Override
    public void cancel() {
      if (!cancelled) {
        cancelled = true;
        synchronized (this) {
          terminated = true;
          ready.clear();
        }
        abort(); // also unblocks a read in progress
      }
    }

    /** Hands ready chunks (and the end) to the subscriber, then keeps the read-ahead going. */
    private void emit() {
      if (emitting.getAndIncrement() != 0) {
        return;
      }
      int missed = 1;
      while (true) {
        while (true) {
          ByteBuffer next;
          synchronized (this) {
            if (terminated || demand == 0 || ready.isEmpty()) {
              break;
            }
            next = ready.poll();
            demand--;
          }
          subscriber.onNext(next);
        }
        Throwable failure = null;
        boolean complete = false;
        synchronized (this) {
          if (!terminated && eof && ready.isEmpty()) {
            terminated = true;
            failure = error;
            complete = error == null;
          }
        }
        if (failure != null) {
          subscriber.onError(failure);
        } else if (complete) {
          subscriber.onComplete();
        }
        startReading();
        missed = emitting.addAndGet(-missed);
        if (missed == 0) {
          return;
        }
      }
    }

    private void startReading() {
      synchronized (this) {
        if (reading || eof || terminated || cancelled || ready.size() >= prefetch) {
          return;
        }
        reading = true;
      }
      try {
        executor.execute(this);
      } catch (RejectedExecutionException e) {
        synchronized (this) {
          reading = false;
          eof = true;
          error = e;
        }
        abort();
        emit();
      }
    }

    /** The reader task: fills the read-ahead, then stops until a chunk is taken. */
    @Override
    public void run() {
      while (true) {
        byte[] buf = new byte[chunkSize];
        int n;
        IOException failure = null;
        try {
          n = in.readNBytes(buf, 0, chunkSize);
        } catch (IOException e) {
          n = -1;
          failure = e;
        } catch (RuntimeException e) {
          n = -1;
          failure = new IOException(e);
        }
        boolean stop;
        synchronized (this) {
          if (cancelled || terminated) {
            reading = false;
            stop = true;
          } else {
            if (n > 0) {
              ready.add(ByteBuffer.wrap(buf, 0, n));
            }
            if (failure != null) {
              eof = true;
              error = failure;
            } else if (n < chunkSize) {
              eof = true; // readNBytes stops short only at the end of the stream
            }
            stop = eof || ready.size() >= prefetch;
            if (stop) {
              reading = false;
            }
          }
        }
        if (cancelled) {
          abort();
          return;
        }
        if (failure != null) {
          abort();
        } else if (n < chunkSize) {
          close();
        }
        emit();
        if (stop) {
          return;
        }
      }
    }

    private void abort() {
      if (closed.compareAndSet(false, true)) {
        try {
          abort.run();
        } catch (RuntimeException ignored) {
          // already gone
        }
        try {
          in.close();
        } catch (IOException | RuntimeException ignored) {
          // nothing to release
        }
      }
    }

    private void close() {
      if (closed.compareAndSet(false, true)) {
        try {
          in.close();
        } catch (IOException | RuntimeException ignored) {
          // the data is complete; a failed release only costs a connection
        }
      }
    }
  }
}
