package io.cloudsync.shunt.archive;

import io.cloudsync.shunt.ByteArrayPublisher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One body made of segments streamed one after another. A segment is opened only when the one
 * before it has ended, so at most one is open at a time, and the subscriber's demand passes
 * straight to it: memory stays bounded whatever the body's size. A segment that fails, or does
 * not deliver exactly its declared length, fails the body (the client sees a cut connection, as
 * the length was announced). One subscriber.
 */
final class SegmentedBody implements Flow.Publisher<ByteBuffer> {
  /**
   * One segment.
   *
   * @param length the bytes it must deliver
   * @param open starts reading it, when its turn comes
   */
  record Segment(long length, Supplier<CompletionStage<Flow.Publisher<ByteBuffer>>> open) {
    /** Bytes held here. */
    static Segment of(byte[] bytes) {
      return new Segment(bytes.length, () -> CompletableFuture.completedFuture(new ByteArrayPublisher(bytes)));
    }
  }

  private final List<Segment> segments;
  private final AtomicBoolean subscribed = new AtomicBoolean();

  SegmentedBody(List<Segment> segments) {
    this.segments = List.copyOf(segments);
  }

  /** The bytes of the whole body. */
  long length() {
    return segments.stream().mapToLong(Segment::length).sum();
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
    Run run = new Run(subscriber);
    subscriber.onSubscribe(run);
    if (subscribed.compareAndSet(false, true)) {
      run.next();
    } else {
      run.fail(new IllegalStateException("a segmented body has one subscriber"));
    }
  }

  /** One subscription: the downstream's demand, and the segment being read. */
  private final class Run implements Flow.Subscription {
    private final Flow.Subscriber<? super ByteBuffer> downstream;
    // Guarded by this.
    private long demand;
    private Flow.Subscription upstream;
    private int index = -1;
    private boolean done;

    Run(Flow.Subscriber<? super ByteBuffer> downstream) {
      this.downstream = downstream;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        fail(new IllegalArgumentException("request(" + n + ") violates Flow rule 3.9"));
        return;
      }
      Flow.Subscription s;
      synchronized (this) {
        if (done) {
          return;
        }
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        s = upstream;
      }
      if (s != null) {
        s.request(n);
      }
    }

    @Override
    public void cancel() {
      Flow.Subscription s;
      synchronized (this) {
        done = true;
        s = upstream;
        upstream = null;
      }
      if (s != null) {
        s.cancel();
      }
    }

    /** Opens the next segment, or completes the body after the last. */
    void next() {
      Segment segment;
      synchronized (this) {
        if (done) {
          return;
        }
        upstream = null;
        index++;
        done = index == segments.size();
        segment = done ? null : segments.get(index);
      }
      if (segment == null) {
        downstream.onComplete();
        return;
      }
      CompletionStage<Flow.Publisher<ByteBuffer>> opening;
      try {
        opening = segment.open().get();
      } catch (RuntimeException e) {
        fail(e);
        return;
      }
      opening.whenComplete((publisher, failure) -> {
        if (failure != null) {
          fail(failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
        } else {
          publisher.subscribe(new Part(segment.length()));
        }
      });
    }

    void fail(Throwable cause) {
      Flow.Subscription s;
      synchronized (this) {
        if (done) {
          return;
        }
        done = true;
        s = upstream;
        upstream = null;
      }
      if (s != null) {
        s.cancel();
      }
      downstream.onError(cause);
    }

    /** Receives one segment. */
    private final class Part implements Flow.Subscriber<ByteBuffer> {
      private final long length;
      private long received;

      Part(long length) {
        this.length = length;
      }

      @Override
      public void onSubscribe(Flow.Subscription s) {
        long wanted;
        synchronized (Run.this) {
          wanted = done ? -1 : demand;
          if (!done) {
            upstream = s;
          }
        }
        if (wanted < 0) {
          s.cancel(); // cancelled or failed while the segment was opening: release it
        } else if (wanted > 0) {
          s.request(wanted);
        }
      }

      @Override
      public void onNext(ByteBuffer item) {
        received += item.remaining();
        if (received > length) {
          fail(new IOException("a segment of " + length + " bytes delivered more"));
          return;
        }
        synchronized (Run.this) {
          if (done) {
            return;
          }
          demand--;
        }
        downstream.onNext(item);
      }

      @Override
      public void onError(Throwable throwable) {
        fail(throwable);
      }

      @Override
      public void onComplete() {
        if (received != length) {
          fail(new IOException("a segment of " + length + " bytes ended after " + received));
        } else {
          next();
        }
      }
    }
  }
}
