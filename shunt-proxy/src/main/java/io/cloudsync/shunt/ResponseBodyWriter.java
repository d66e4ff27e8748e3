package io.cloudsync.shunt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;

/**
 * Writes an interceptor's body ({@link ShuntResponse#body()}) to the client with back-pressure:
 * buffers are requested only while the client channel is writable, at most {@value #WINDOW} at a
 * time. Every signal is handed to the channel's event loop (never run inline), so a synchronous
 * publisher cannot recurse. The listener is called on the event loop.
 *
 * @param <T> the body's buffer type: {@code ByteBuffer}s are copied into the channel's allocator
 *     ({@link #copying}), {@code ByteBuf}s are written as they are ({@link #adopting})
 */
final class ResponseBodyWriter<T> implements Flow.Subscriber<T> {
  private static final int WINDOW = 4;

  /** Progress of the body, reported on the event loop. */
  interface Listener {
    void onBody(int bytes);

    void onBodyComplete();

    void onBodyFailed(Throwable cause);
  }

  private final Channel channel;
  private final Listener listener;
  /** Turns a received buffer into one the channel owns, before {@code onNext} returns. */
  private final BiFunction<Channel, T, ByteBuf> adopt;
  // Event-loop confined.
  private Flow.Subscription subscription;
  private int outstanding;
  private boolean finished;
  private volatile boolean cancelled;

  private ResponseBodyWriter(Channel channel, Listener listener, BiFunction<Channel, T, ByteBuf> adopt) {
    this.channel = channel;
    this.listener = listener;
    this.adopt = adopt;
  }

  /** For a {@code ByteBuffer} body: each buffer is copied (the publisher may reuse it). */
  static ResponseBodyWriter<ByteBuffer> copying(Channel channel, Listener listener) {
    return new ResponseBodyWriter<>(channel, listener, (c, item) -> {
      ByteBuf copy = c.alloc().buffer(item.remaining());
      copy.writeBytes(item);
      return copy;
    });
  }

  /** For a {@link ByteBufPublisher}'s buffers: written as they are, no copy. */
  static ResponseBodyWriter<ByteBuf> adopting(Channel channel, Listener listener) {
    return new ResponseBodyWriter<>(channel, listener, (c, item) -> item);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    if (!run(() -> {
      if (subscription != null || cancelled || finished) {
        s.cancel();
        return;
      }
      subscription = s;
      demand();
    })) {
      s.cancel();
    }
  }

  @Override
  public void onNext(T item) {
    ByteBuf copy = adopt.apply(channel, item);
    if (cancelled) {
      copy.release();
      return;
    }
    if (!run(() -> write(copy))) {
      copy.release();
    }
  }

  private void write(ByteBuf copy) {
    outstanding--;
    if (finished || cancelled) {
      copy.release();
      return;
    }
    int bytes = copy.readableBytes();
    if (bytes > 0) {
      channel.writeAndFlush(new DefaultHttpContent(copy)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      listener.onBody(bytes);
    } else {
      copy.release();
    }
    demand();
  }

  @Override
  public void onError(Throwable throwable) {
    run(() -> {
      if (!finished && !cancelled) {
        finished = true;
        listener.onBodyFailed(throwable);
      }
    });
  }

  @Override
  public void onComplete() {
    run(() -> {
      if (!finished && !cancelled) {
        finished = true;
        listener.onBodyComplete();
      }
    });
  }

  /** The client channel became writable again. Event loop only. */
  void resume() {
    demand();
  }

  /** The client went away: stop the body. */
  void cancel() {
    cancelled = true;
    run(() -> {
      finished = true;
      if (subscription != null) {
        subscription.cancel();
      }
    });
  }

  private void demand() {
    while (!finished && !cancelled && subscription != null && outstanding < WINDOW && channel.isWritable()) {
      outstanding++;
      subscription.request(1);
    }
  }

  private boolean run(Runnable task) {
    try {
      channel.eventLoop().execute(task);
      return true;
    } catch (RejectedExecutionException shutdown) {
      return false;
    }
  }
}
