package io.cloudsync.migrate.copy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * A blocking {@link InputStream} over a reader's body publisher, for an HTTP client that sends a
 * stream: one chunk requested at a time (bounded memory: {@value #AHEAD} chunks), closing early
 * cancels the subscription so the remote connection is dropped rather than drained.
 */
public final class PublisherInputStream extends InputStream {
  private static final int AHEAD = 2;
  private static final Object END = new Object();

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD + 2);
  private final long timeoutSeconds;
  private volatile Flow.Subscription subscription;
  private ByteBuffer current;
  private boolean ended;
  private boolean closed;

  /** @param timeoutSeconds how long to wait for the next chunk before failing the read */
  public PublisherInputStream(Flow.Publisher<ByteBuffer> body, long timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
    body.subscribe(new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(AHEAD);
      }

      @Override
      public void onNext(ByteBuffer item) {
        queue.offer(item);
      }

      @Override
      public void onError(Throwable throwable) {
        queue.offer(throwable);
      }

      @Override
      public void onComplete() {
        queue.offer(END);
      }
    });
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (current == null || !current.hasRemaining()) {
      if (ended) {
        return -1;
      }
      Object next;
      try {
        next = queue.poll(timeoutSeconds, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while reading the source", e);
      }
      if (next == null) {
        throw new IOException("no data from the source for " + timeoutSeconds + " s");
      }
      if (next == END) {
        ended = true;
        return -1;
      }
      if (next instanceof Throwable t) {
        ended = true;
        throw new IOException("reading the source failed: " + t.getMessage(), t);
      }
      current = (ByteBuffer) next;
      subscription.request(1);
    }
    int n = Math.min(len, current.remaining());
    current.get(b, off, n);
    return n;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      if (!ended && subscription != null) {
        subscription.cancel();
      }
    }
  }
}
