package io.cloudsync.store.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.http.Abortable;

/**
 * Publishes a blocking response stream with back-pressure: a chunk is read (on {@code executor},
 * never on the subscriber's thread) only when the subscriber has asked for one, so a slow client
 * slows the remote read down instead of filling memory. Each chunk is a fresh buffer. One
 * subscriber only. Cancelling aborts the stream (its connection is dropped, not drained); the end
 * of the stream closes it (the connection goes back to the pool).
 */
final class InputStreamPublisher implements Flow.Publisher<ByteBuffer> {
  private final InputStream in;
  private final Executor executor;
  private final int chunkSize;
  private final AtomicBoolean subscribed = new AtomicBoolean();

  InputStreamPublisher(InputStream in, Executor executor, int chunkSize) {
    this.in = Objects.requireNonNull(in, "in");
    this.executor = Objects.requireNonNull(executor, "executor");
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize < 1");
    }
    this.chunkSize = chunkSize;
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
    Drain drain = new Drain(subscriber);
    subscriber.onSubscribe(drain);
  }

  private final class Drain implements Flow.Subscription, Runnable {
    private final Flow.Subscriber<? super ByteBuffer> subscriber;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean cancelled;
    private volatile boolean done;

    Drain(Flow.Subscriber<? super ByteBuffer> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
      if (done || cancelled) {
        return;
      }
      if (n <= 0) {
        cancelled = true;
        abort();
        subscriber.onError(new IllegalArgumentException("request(" + n + ") violates Flow rule 3.9"));
        return;
      }
      demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
      schedule();
    }

    @Override
    public void cancel() {
      if (!cancelled) {
        cancelled = true;
        abort(); // also unblocks a read in progress
      }
    }

    private void schedule() {
      if (wip.getAndIncrement() == 0) {
        try {
          executor.execute(this);
        } catch (RejectedExecutionException e) {
          done = true;
          abort();
          subscriber.onError(e);
        }
      }
    }

    @Override
    public void run() {
      int missed = 1;
      while (true) {
        while (!done && !cancelled && demand.get() > 0) {
          byte[] buf = new byte[chunkSize];
          int n;
          try {
            n = in.readNBytes(buf, 0, chunkSize);
          } catch (IOException | RuntimeException e) {
            done = true;
            abort();
            if (!cancelled) {
              subscriber.onError(e);
            }
            return;
          }
          if (n == 0) {
            done = true;
            close();
            if (!cancelled) {
              subscriber.onComplete();
            }
            return;
          }
          demand.decrementAndGet();
          subscriber.onNext(ByteBuffer.wrap(buf, 0, n));
          if (n < chunkSize) {
            // readNBytes stops short only at the end of the stream.
            done = true;
            close();
            if (!cancelled) {
              subscriber.onComplete();
            }
            return;
          }
        }
        if (cancelled) {
          abort();
          return;
        }
        missed = wip.addAndGet(-missed);
        if (missed == 0) {
          return;
        }
      }
    }

    private void abort() {
      if (closed.compareAndSet(false, true)) {
        if (in instanceof Abortable abortable) {
          try {
            abortable.abort();
          } catch (RuntimeException ignored) {
            // already gone
          }
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
