package io.cloudsync.shunt.archive;

import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/** Passes the client's demand upstream only while the upload can keep up; feeds it every chunk. */
final class Tee implements Flow.Subscriber<ByteBuffer>, Flow.Subscription {
  private final Flow.Subscriber<? super ByteBuffer> downstream;
  Upload upload; // set before the upstream is subscribed
  private Flow.Subscription up;
  private long wanted;
  private boolean cancelled;

  Tee(Flow.Subscriber<? super ByteBuffer> downstream) {
    this.downstream = downstream;
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
      if (up == null || cancelled || wanted == 0 || !upload.accepting()) {
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
    synchronized (this) {
      cancelled = true;
      s = up;
    }
    upload.abort("the client stopped reading");
    if (s != null) {
      s.cancel();
    }
  }

  @Override
  public void onNext(ByteBuffer item) {
    upload.write(item);
    downstream.onNext(item);
  }

  @Override
  public void onError(Throwable throwable) {
    upload.abort("the archive read failed: " + throwable);
    downstream.onError(throwable);
  }

  @Override
  public void onComplete() {
    upload.finish();
    downstream.onComplete();
  }
}
