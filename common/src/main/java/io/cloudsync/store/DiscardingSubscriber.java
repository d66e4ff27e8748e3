package io.cloudsync.store;

import java.util.concurrent.Flow;

/**
 * Drops a streamed body nobody will read: subscribes and cancels at once, so the connection
 * behind the body is released (or closed) instead of waiting for a reader that never comes.
 */
public final class DiscardingSubscriber<T> implements Flow.Subscriber<T> {

  /** Cancels {@code body}; does nothing for null. Safe on a body that was never subscribed to. */
  public static void discard(Flow.Publisher<?> body) {
    if (body != null) {
      body.subscribe(new DiscardingSubscriber<>());
    }
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    subscription.cancel();
  }

  @Override
  public void onNext(T item) {}

  @Override
  public void onError(Throwable throwable) {}

  @Override
  public void onComplete() {}
}
