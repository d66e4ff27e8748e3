package io.cloudsync.shunt.archive;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request to the internal proxy with a streamed body of known length ({@code Content-Length};
 * 0 for container PUTs and HEADs). The body is paced by {@link #accepting()} (the connection's write
 * buffer); bytes written before the connection is up wait in a queue the caller keeps to a chunk
 * or so. A request that cannot take data for {@link ArchiveSettings#restoreStall}, or gets no answer
 * within {@link ArchiveSettings#restoreTimeout} of its last byte, fails; a failure cuts the
 * connection, so Swift never stores a partial body. Its {@link #answer()} gives the status, or
 * fails with a {@link RestoreException} saying why. Thread-safe.
 *
 * <p>With {@code Expect: 100-continue} in its headers, the body waits for Swift's
 * {@code 100 Continue}: a refusal ({@code 412} for {@code If-None-Match: *}) is then the answer,
 * not a broken write of a body Swift never reads. Answers may carry header blocks of up to
 * {@value #MAX_HEADER_BYTES} bytes (Swift's 90 metadata items plus sysmeta exceed Netty's 8 KiB
 * default).
 */
final class LocalRequest implements Upload {
  static final int MAX_HEADER_BYTES = 64 * 1024;

  /** An answer of the internal proxy: status and (copied) headers. */
  record Answer(int status, HttpHeaders headers) {}

  private final URI internalProxy;
  private final EventLoopGroup group;
  private final ArchiveSettings settings;
  private final HttpMethod method;
  private final String path;
  private final HttpHeaders headers;
  private final long length;
  private final Runnable ready;
  private final boolean expectContinue;
  private final CompletableFuture<Answer> answer = new CompletableFuture<>();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final Queue<HttpContent> early = new ArrayDeque<>(); // event loop only
  private volatile boolean open;
  private volatile Channel channel;
  private volatile long written;
  private volatile long stalledSince = -1;
  private ScheduledFuture<?> watchdog;

  /**
   * @param group the event loop(s) for the connection
   * @param path the encoded request path, e.g. {@code /v1/AUTH_a/c/o}
   * @param headers complete request headers, with {@code Content-Length: length}
   * @param ready called whenever the request can take data again, and when it ends
   */
  LocalRequest(URI internalProxy, EventLoopGroup group, ArchiveSettings settings, HttpMethod method, String path,
      HttpHeaders headers, long length, Runnable ready) {
    this.internalProxy = internalProxy;
    this.group = group;
    this.settings = settings;
    this.method = method;
    this.path = path;
    this.headers = headers;
    this.length = length;
    this.ready = ready;
    this.expectContinue = headers.containsValue(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE, true);
  }

  /** The internal proxy's answer, or a {@link RestoreException} when there is none. */
  CompletionStage<Answer> answer() {
    return answer;
  }

  @Override
  public void start() {
    int port = internalProxy.getPort() < 0 ? 80 : internalProxy.getPort();
    Bootstrap bootstrap = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpClientCodec(new HttpDecoderConfig().setMaxHeaderSize(MAX_HEADER_BYTES),
                false, false), new ResponseHandler());
          }
        });
    ChannelFuture connect = bootstrap.connect(internalProxy.getHost(), port);
    channel = connect.channel();
    watchdog = channel.eventLoop().scheduleAtFixedRate(this::watch, 1, 1, TimeUnit.SECONDS);
    connect.addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess()) {
        fail("cannot connect to the internal proxy " + internalProxy + ": " + f.cause());
        return;
      }
      if (ended.get()) {
        f.channel().close();
        return;
      }
      f.channel().writeAndFlush(new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, path, headers))
          .addListener(this::onWritten);
      if (!expectContinue) {
        sendBody(f.channel());
      }
    });
  }

  /** The body may go: what was written meanwhile first. Event loop only. */
  private void sendBody(Channel c) {
    if (open || ended.get()) {
      return;
    }
    for (HttpContent content; (content = early.poll()) != null; ) {
      c.write(content).addListener(this::onWritten);
    }
    c.flush();
    open = true;
    ready.run();
  }

  @Override
  public boolean accepting() {
    if (ended.get()) {
      return true;
    }
    Channel c = channel;
    return open && c != null && c.isWritable();
  }

  @Override
  public void write(ByteBuffer data) {
    if (ended.get()) {
      return;
    }
    written += data.remaining();
    if (written > length) {
      fail("the archive sent more than its Content-Length");
      return;
    }
    send(new DefaultHttpContent(Unpooled.copiedBuffer(data.duplicate())));
  }

  @Override
  public void finish() {
    if (ended.get()) {
      return;
    }
    if (written != length) {
      fail("the archive sent " + written + " bytes, Content-Length said " + length);
      return;
    }
    send(LastHttpContent.EMPTY_LAST_CONTENT);
    channel.eventLoop().schedule(() -> fail("no answer from the internal proxy within "
        + settings.restoreTimeout().toSeconds() + " s"), settings.restoreTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Always queued on the channel's event loop, never written inline: chunks arrive on whichever
   * thread emits (the watchdog's pump runs on this very event loop), and an inline write there
   * would overtake chunks other threads queued before it, reordering the body.
   */
  private void send(HttpContent content) {
    Channel c = channel;
    c.eventLoop().execute(() -> {
      if (ended.get()) {
        ReferenceCountUtil.release(content);
      } else if (open) {
        c.writeAndFlush(content).addListener(this::onWritten);
      } else {
        early.add(content);
      }
    });
  }

  @Override
  public void abort(String reason) {
    fail(reason);
  }

  private void onWritten(io.netty.util.concurrent.Future<?> f) {
    if (!f.isSuccess() && !ended.get()) {
      fail("writing to the internal proxy failed: " + f.cause());
    }
  }

  private void watch() {
    if (ended.get()) {
      return;
    }
    if (accepting()) {
      stalledSince = -1;
      ready.run(); // a safety net: demand held back while the buffer was full moves on
      return;
    }
    long now = System.nanoTime();
    if (stalledSince < 0) {
      stalledSince = now;
    } else if (now - stalledSince > settings.restoreStall().toNanos()) {
      fail("the internal proxy took no data for " + settings.restoreStall().toSeconds() + " s");
    }
  }

  private void fail(String reason) {
    if (end()) {
      answer.completeExceptionally(new RestoreException(reason));
    }
  }

  private boolean end() {
    if (!ended.compareAndSet(false, true)) {
      return false;
    }
    if (watchdog != null) {
      watchdog.cancel(false);
    }
    Channel c = channel;
    if (c != null) {
      c.close();
      c.eventLoop().execute(() -> {
        for (HttpContent content; (content = early.poll()) != null; ) {
          ReferenceCountUtil.release(content);
        }
      });
    }
    ready.run();
    return true;
  }

  private final class ResponseHandler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof HttpResponse response && !ended.get()) {
          int status = response.status().code();
          if (response.decoderResult().isFailure()) {
            fail("unreadable answer from the internal proxy: " + response.decoderResult().cause());
          } else if (status / 100 == 1) {
            if (status == 100) {
              sendBody(ctx.channel());
            }
          } else if (status / 100 == 2 && written != length) {
            fail("the internal proxy answered " + response.status() + " before the whole body was sent");
          } else if (end()) {
            answer.complete(new Answer(status, response.headers().copy()));
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable()) {
        stalledSince = -1;
        ready.run();
      }
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      fail("the internal proxy closed the connection");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      fail(cause.toString());
    }
  }
}
