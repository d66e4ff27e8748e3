package io.cloudsync.shunt;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/** Publishes one byte array as a single buffer, once per subscriber. */
public final class ByteArrayPublisher implements Flow.Publisher<ByteBuffer> {
  private final byte[] bytes;

  public ByteArrayPublisher(byte[] bytes) {
    this.bytes = Objects.requireNonNull(bytes, "bytes");
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
    AtomicBoolean done = new AtomicBoolean();
    subscriber.onSubscribe(new Flow.Subscription() {
      @Override
      public void request(long n) {
        if (n <= 0) {
          if (done.compareAndSet(false, true)) {
            subscriber.onError(new IllegalArgumentException("request(" + n + ") violates Flow rule 3.9"));
          }
          return;
        }
        if (done.compareAndSet(false, true)) {
          subscriber.onNext(ByteBuffer.wrap(bytes).asReadOnlyBuffer());
          subscriber.onComplete();
        }
      }

      @Override
      public void cancel() {
        done.set(true);
      }
    });
  }
}
