package io.cloudsync.store;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/** Reads the streamed bodies of {@link RemoteReader.ReadResponse}s in tests. */
public final class Bodies {
  private Bodies() {}

  /** The whole body, asking for a few chunks at a time; fails after 30 seconds. */
  public static byte[] readAll(Flow.Publisher<ByteBuffer> body) throws Exception {
    CompletableFuture<byte[]> done = new CompletableFuture<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    body.subscribe(new Subscriber(done, 2) {
      @Override
      public void onNext(ByteBuffer item) {
        byte[] b = new byte[item.remaining()];
        item.get(b);
        out.write(b, 0, b.length);
        subscription.request(1);
      }

      @Override
      public void onComplete() {
        done.complete(out.toByteArray());
      }
    });
    return done.get(30, TimeUnit.SECONDS);
  }

  /** Reads one chunk, then cancels the subscription; fails after 10 seconds. */
  public static void cancelAfterFirstChunk(Flow.Publisher<ByteBuffer> body) throws Exception {
    CompletableFuture<byte[]> first = new CompletableFuture<>();
    body.subscribe(new Subscriber(first, 1) {
      @Override
      public void onNext(ByteBuffer item) {
        subscription.cancel();
        first.complete(null);
      }

      @Override
      public void onComplete() {}
    });
    first.get(10, TimeUnit.SECONDS);
  }

  private abstract static class Subscriber implements Flow.Subscriber<ByteBuffer> {
    private final CompletableFuture<byte[]> done;
    private final int initialDemand;
    Flow.Subscription subscription;

    Subscriber(CompletableFuture<byte[]> done, int initialDemand) {
      this.done = done;
      this.initialDemand = initialDemand;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(initialDemand);
    }

    @Override
    public void onError(Throwable throwable) {
      done.completeExceptionally(throwable);
    }
  }
}
