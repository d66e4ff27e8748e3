package io.cloudsync.shunt.direct;

import io.cloudsync.shunt.ByteBufPublisher;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;

/**
 * One {@code GET} on its own connection, and the publisher of its body. The connection reads only
 * on demand (auto-read off): the head is read at once, the body only while the subscriber has
 * asked for more than the buffers already read, so a slow client slows the remote down instead of
 * filling memory (at most one socket read's worth is held). Buffers are handed over as they came
 * off the socket. The connection is closed when the body ends, fails or is cancelled, or when the
 * answer is discarded. Event-loop confined; subscription calls from other threads are moved onto
 * the loop.
 */
public final class DirectGetChannel extends ChannelInboundHandlerAdapter implements ByteBufPublisher {
  private final HttpRequest request;
  private final CompletableFuture<DirectAnswer> answer = new CompletableFuture<>();
  private final ArrayDeque<ByteBuf> ready = new ArrayDeque<>();
  private Channel channel;
  private Flow.Subscriber<? super ByteBuf> subscriber;
  private long demand;
  private boolean reading;
  private boolean ended;
  private boolean closed;
  private boolean terminated;
  private Throwable failure;

  DirectGetChannel(HttpRequest request) {
    this.request = request;
  }

  /** Completes with the answer's head, or exceptionally when no answer comes. */
  CompletableFuture<DirectAnswer> answer() {
    return answer;
  }

  /** Fails a request that has not been answered yet (a connect failure, a timeout). */
  void fail(Throwable cause) {
    if (answer.completeExceptionally(cause)) {
      close();
    }
  }

  /** Closes the connection and drops what was read; a subscriber gets no further signals. */
  void close() {
    onLoop(() -> {
      closed = true;
      terminated = true;
      releaseReady();
      if (channel != null) {
        channel.close();
      }
    });
  }

  // ---------------------------------------------------------------- connection events

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    if (closed) {
      channel.close();
      return;
    }
    channel.writeAndFlush(request).addListener(f -> {
      if (!f.isSuccess()) {
        fail(f.cause());
      }
    });
    read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closed) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpResponse head) {
      onHead(head);
    }
    if (msg instanceof HttpContent content) {
      if (!answer.isDone() || content.decoderResult().isFailure()) {
        content.release();
        if (content.decoderResult().isFailure()) {
          onFailure(content.decoderResult().cause());
        }
        return;
      }
      ByteBuf data = content.content();
      if (data.isReadable()) {
        ready.add(data);
      } else {
        data.release();
      }
      if (content instanceof LastHttpContent) {
        ended = true;
      }
      drain();
    }
  }

  private void onHead(HttpResponse head) {
    if (head.decoderResult().isFailure()) {
      onFailure(head.decoderResult().cause());
      return;
    }
    if (head.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
      return;
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    head.headers().iteratorAsString().forEachRemaining(h -> headers.add(Map.entry(h.getKey(), h.getValue())));
    answer.complete(new DirectAnswer(head.status().code(), headers, this));
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    reading = false;
    if (!answer.isDone()) {
      read();
    } else {
      maybeRead();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!answer.isDone()) {
      answer.completeExceptionally(new IOException("the remote endpoint closed the connection without answering"));
    } else if (!ended) {
      onFailure(new IOException("the remote endpoint closed the connection mid-body"));
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    onFailure(cause);
  }

  private void onFailure(Throwable cause) {
    if (failure == null) {
      failure = cause;
    }
    if (!answer.completeExceptionally(cause)) {
      drain();
    }
    if (channel != null) {
      channel.close();
    }
  }

  // ---------------------------------------------------------------- the body

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
    subscribeBuffers(new CopyingSubscriber(s));
  }

  @Override
  public void subscribeBuffers(Flow.Subscriber<? super ByteBuf> s) {
    onLoop(() -> {
      if (subscriber != null) {
        s.onSubscribe(new NoSubscription());
        s.onError(new IllegalStateException("the body of a direct answer can be read once"));
        return;
      }
      subscriber = s;
      s.onSubscribe(new Subscription());
      drain();
    });
  }

  private final class Subscription implements Flow.Subscription {
    @Override
    public void request(long n) {
      onLoop(() -> {
        if (terminated) {
          return;
        }
        if (n <= 0) {
          terminated = true;
          close();
          subscriber.onError(new IllegalArgumentException("request(" + n + "): demand must be positive"));
          return;
        }
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        drain();
        maybeRead();
      });
    }

    @Override
    public void cancel() {
      close();
    }
  }

  private void drain() {
    if (subscriber == null || terminated) {
      return;
    }
    while (demand > 0 && !ready.isEmpty()) {
      demand--;
      subscriber.onNext(ready.poll());
      if (terminated) {
        return;
      }
    }
    if (!ready.isEmpty()) {
      return;
    }
    if (ended) {
      terminated = true;
      close();
      subscriber.onComplete();
    } else if (failure != null) {
      terminated = true;
      close();
      subscriber.onError(failure);
    }
  }

  private void maybeRead() {
    if (demand > 0 && ready.isEmpty() && !ended && failure == null && !closed) {
      read();
    }
  }

  private void read() {
    if (!reading && channel != null && channel.isActive()) {
      reading = true;
      channel.read();
    }
  }

  private void releaseReady() {
    ByteBuf b;
    while ((b = ready.poll()) != null) {
      b.release();
    }
  }

  private void onLoop(Runnable task) {
    if (channel == null || channel.eventLoop().inEventLoop()) {
      task.run();
      return;
    }
    try {
      channel.eventLoop().execute(task);
    } catch (RejectedExecutionException shutdown) {
      channel.close();
    }
  }

  /** For a consumer of {@code ByteBuffer}s: each buffer copied, then released. */
  private static final class CopyingSubscriber implements Flow.Subscriber<ByteBuf> {
    private final Flow.Subscriber<? super ByteBuffer> target;

    CopyingSubscriber(Flow.Subscriber<? super ByteBuffer> target) {
      this.target = target;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      target.onSubscribe(s);
    }

    @Override
    public void onNext(ByteBuf item) {
      ByteBuffer copy = ByteBuffer.allocate(item.readableBytes());
      item.readBytes(copy);
      item.release();
      target.onNext(copy.flip());
    }

    @Override
    public void onError(Throwable t) {
      target.onError(t);
    }

    @Override
    public void onComplete() {
      target.onComplete();
    }
  }

  private static final class NoSubscription implements Flow.Subscription {
    @Override
    public void request(long n) { }

    @Override
    public void cancel() { }
  }
}
