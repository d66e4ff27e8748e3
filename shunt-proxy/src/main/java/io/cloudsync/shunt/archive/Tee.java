package io.cloudsync.shunt.archive;

import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * Passes the client's demand upstream only while the upload can keep up; feeds it every chunk. A
 * client that leaves once it has every byte (it read the whole body and closed, typically before
 * the upstream's end was signalled) does not abandon the upload: the upstream runs on, for the
 * upload alone, to its end. A client that leaves earlier does.
 */
final class Tee implements Flow.Subscriber<ByteBuffer>, Flow.Subscription {
  private final Flow.Subscriber<? super ByteBuffer> downstream;
  private final long length;
  Upload upload; // set before the upstream is subscribed
  private Flow.Subscription up;
  private long wanted;
  private long delivered;
  private boolean cancelled;
  /** The client left after its last byte: the upstream goes on for the upload only. */
  private boolean detached;

  /**
   * @param length the bytes the body has in all
   */
  Tee(Flow.Subscriber<? super ByteBuffer> downstream, long length) {
    this.downstream = downstream;
    this.length = length;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    synchronized (this) {
      up = subscription;
    }
    downstream.onSubscribe(this);
  }

  @Override
  public void request(long n) {
    if (n <= 0) {
      upload.abort("invalid request from the client writer");
      up.request(n); // the upstream reports the violation
      return;
    }
    synchronized (this) {
      wanted = wanted + n < 0 ? Long.MAX_VALUE : wanted + n;
    }
    pump();
  }

  /** Passes the client's demand upstream while the upload can keep up. */
  void pump() {
    long n;
    Flow.Subscription s;
    synchronized (this) {
      if (up == null || cancelled || detached || wanted == 0 || !upload.accepting()) {
        return;
      }
      n = wanted;
      wanted = 0;
      s = up;
    }
    s.request(n);
  }

  @Override
  public void cancel() {
    Flow.Subscription s;
    boolean complete;
    synchronized (this) {
      if (cancelled || detached) {
        return;
      }
      complete = delivered >= length;
      detached = complete;
      cancelled = !complete;
      s = up;
    }
    if (complete) {
      // Every byte is with the client and with the upload: only the end is still to come.
      if (s != null) {
        s.request(Long.MAX_VALUE);
      }
      return;
    }
    upload.abort("the client stopped reading");
    if (s != null) {
      s.cancel();
    }
  }

  @Override
  public void onNext(ByteBuffer item) {
    int bytes = item.remaining();
    upload.write(item);
    boolean toClient;
    synchronized (this) {
      delivered += bytes;
      toClient = !detached;
    }
    if (toClient) {
      downstream.onNext(item);
    }
  }

  @Override
  public void onError(Throwable throwable) {
    upload.abort("the archive read failed: " + throwable);
    if (!isDetached()) {
      downstream.onError(throwable);
    }
  }

  @Override
  public void onComplete() {
    upload.finish();
    if (!isDetached()) {
      downstream.onComplete();
    }
  }

  private synchronized boolean isDetached() {
    return detached;
  }
}
