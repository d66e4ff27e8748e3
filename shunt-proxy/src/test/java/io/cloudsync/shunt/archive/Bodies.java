package io.cloudsync.shunt.archive;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/** Reads response bodies in tests. */
final class Bodies {
  private Bodies() {}

  /** The whole body, asked for all at once; fails as the body fails. */
  static byte[] drain(Flow.Publisher<ByteBuffer> body) throws Exception {
    CompletableFuture<byte[]> done = new CompletableFuture<>();
    body.subscribe(new Flow.Subscriber<>() {
      final ByteArrayOutputStream out = new ByteArrayOutputStream();

      @Override
      public void onSubscribe(Flow.Subscription s) {
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(ByteBuffer item) {
        byte[] b = new byte[item.remaining()];
        item.get(b);
        out.writeBytes(b);
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onComplete() {
        done.complete(out.toByteArray());
      }
    });
    return done.get(10, TimeUnit.SECONDS);
  }
}
