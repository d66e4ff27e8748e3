package io.cloudsync.shunt.archive;

import io.cloudsync.swift.SwiftNames;
import io.cloudsync.swift.SwiftPath;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
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
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restore-on-read ({@code restore_object: true}): while a complete remote {@code GET} streams to
 * the client, the same bytes are {@code PUT} into local Swift through the internal proxy (no auth,
 * so read-only users' reads restore too). The tee is bounded: the remote read is paced by the
 * slower of the client and the local PUT (at most a few chunks beyond the PUT connection's write
 * buffer), and a PUT that cannot take data for {@link ArchiveSettings#restoreStall} is abandoned so
 * the client continues alone. A failed restore is logged and never breaks the client's read; a
 * partial body is never stored (the PUT carries {@code Content-Length} and the connection is cut).
 *
 * <p>The PUT carries the object's {@code Content-Type}, its user metadata and, for a plain MD5
 * ETag, {@code ETag} (Swift verifies the body against it); no {@code X-Timestamp} (a restored copy
 * is newer than the archive tombstone) and no {@code Remote-*} headers. It sends
 * {@code If-None-Match: *}, so a newer local write made meanwhile is never overwritten. Static and
 * Dynamic Large Objects are not restored yet (issue 4): they are served, and a log line says so.
 */
public final class Restorer {
  private static final Logger log = LoggerFactory.getLogger(Restorer.class);
  private static final Pattern MD5 = Pattern.compile("[0-9a-fA-F]{32}");

  private final URI internalProxy;
  private final EventLoopGroup group;
  private final ArchiveSettings settings;

  /**
   * @param internalProxy the node-local internal proxy, e.g. {@code http://127.0.0.1:8081}
   * @param group event loops for the PUT connections (owned by the caller)
   */
  public Restorer(URI internalProxy, EventLoopGroup group, ArchiveSettings settings) {
    this.internalProxy = Objects.requireNonNull(internalProxy, "internalProxy");
    if (internalProxy.getHost() == null || !"http".equalsIgnoreCase(internalProxy.getScheme())) {
      throw new IllegalArgumentException("internal proxy must be an http URL, not " + internalProxy);
    }
    this.group = Objects.requireNonNull(group, "group");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * The body to send the client: {@code body}, teed into a local PUT of {@code path} when the
   * object can be restored.
   *
   * @param headers the translated (Swift-side) headers of the remote answer
   */
  public Flow.Publisher<ByteBuffer> restoring(SwiftPath path, HttpHeaders headers, Flow.Publisher<ByteBuffer> body) {
    if (headers.contains("X-Static-Large-Object") || headers.contains("X-Object-Manifest")) {
      log.info("not restoring {}: restoring large objects (SLO/DLO) is not supported yet; served from the archive",
          path);
      return body;
    }
    long length;
    try {
      String range = headers.get("Content-Range");
      String value = headers.get("Content-Length");
      length = value == null ? -1 : Long.parseLong(value.strip());
      if (range != null) {
        length = Long.parseLong(range.substring(range.lastIndexOf('/') + 1).strip());
      }
    } catch (NumberFormatException e) {
      length = -1;
    }
    if (length < 0) {
      log.info("not restoring {}: the archive did not give its length", path);
      return body;
    }
    HttpHeaders put = putHeaders(headers, length);
    long size = length;
    return new RestoringBody(body, ready -> new Upload(path, put, size, ready));
  }

  HttpHeaders putHeaders(HttpHeaders remote, long length) {
    HttpHeaders put = new DefaultHttpHeaders();
    put.set("Host", internalProxy.getHost() + (internalProxy.getPort() < 0 ? "" : ":" + internalProxy.getPort()));
    put.set("Content-Length", Long.toString(length));
    String type = remote.get("Content-Type");
    if (type != null) {
      put.set("Content-Type", type);
    }
    String etag = remote.get("Etag");
    if (etag != null && MD5.matcher(etag).matches()) {
      put.set("ETag", etag.toLowerCase(Locale.ROOT));
    }
    for (Map.Entry<String, String> h : remote) {
      if (h.getKey().toLowerCase(Locale.ROOT).startsWith("x-object-meta-")) {
        put.add(h.getKey(), h.getValue());
      }
    }
    put.set("If-None-Match", "*");
    put.set("User-Agent", "cloudsync-shunt restore");
    put.set("Connection", "close");
    return put;
  }

  /** Creates an upload once the client subscribes; {@code ready} is called when it can take data again. */
  interface UploadFactory {
    Upload create(Runnable ready);
  }

  /** One local PUT. Thread-safe: data arrives on a remote-reader thread, events on the event loop. */
  final class Upload {
    private final SwiftPath path;
    private final HttpHeaders headers;
    private final long length;
    private final Runnable ready;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean open;
    private volatile Channel channel;
    private volatile long written;
    private volatile long stalledSince = -1;
    private ScheduledFuture<?> watchdog;

    Upload(SwiftPath path, HttpHeaders headers, long length, Runnable ready) {
      this.path = path;
      this.headers = headers;
      this.length = length;
      this.ready = ready;
    }

    void start() {
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
              ch.pipeline().addLast(new HttpClientCodec(), new ResponseHandler());
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
        DefaultHttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT,
            SwiftNames.objectPath(path), headers);
        f.channel().writeAndFlush(request).addListener(this::onWritten);
        open = true;
        ready.run();
      });
    }

    /** False while the PUT cannot take more data (connecting, or its write buffer is full). */
    boolean accepting() {
      if (ended.get()) {
        return true;
      }
      Channel c = channel;
      return open && c != null && c.isWritable();
    }

    void write(ByteBuffer data) {
      if (!open || ended.get()) {
        return;
      }
      int n = data.remaining();
      written += n;
      if (written > length) {
        fail("the archive sent more than its Content-Length");
        return;
      }
      // Always queued on the channel's event loop, never written inline: chunks arrive on whichever
      // thread emits (the watchdog's pump runs on this very event loop), and an inline write there
      // would overtake chunks other threads queued before it, reordering the body.
      ByteBuf copy = Unpooled.copiedBuffer(data.duplicate());
      Channel c = channel;
      c.eventLoop().execute(() -> c.writeAndFlush(new DefaultHttpContent(copy)).addListener(this::onWritten));
    }

    /** The whole body has been read from the archive. */
    void finish() {
      if (!open || ended.get()) {
        if (!open && !ended.get()) {
          fail("the read ended before the internal proxy connection was ready");
        }
        return;
      }
      if (written != length) {
        fail("the archive sent " + written + " bytes, Content-Length said " + length);
        return;
      }
      Channel c = channel;
      c.eventLoop().execute(() -> c.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(this::onWritten));
      channel.eventLoop().schedule(() -> fail("no answer from the internal proxy within "
          + settings.restoreTimeout().toSeconds() + " s"), settings.restoreTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Gives up: the connection is cut, so Swift never stores a partial body. */
    void abort(String reason) {
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
        fail("the internal proxy took no data for " + settings.restoreStall().toSeconds()
            + " s; the client's read goes on without it");
      }
    }

    private void fail(String reason) {
      if (end()) {
        log.warn("restoring {} into local Swift failed: {}", path, reason);
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
            boolean bodySent = written == length;
            if (status == 201 && bodySent) {
              end();
              log.info("restored {} ({} bytes) into local Swift", path, length);
            } else if (status == 412) {
              end();
              log.info("not restoring {}: local Swift has a newer copy", path);
            } else if (end()) {
              log.warn("restoring {} into local Swift failed: the internal proxy answered {}", path, response.status());
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

  /** The client's body: the remote body, teed into an {@link Upload}. One subscriber. */
  static final class RestoringBody implements Flow.Publisher<ByteBuffer> {
    private final Flow.Publisher<ByteBuffer> upstream;
    private final UploadFactory uploads;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    RestoringBody(Flow.Publisher<ByteBuffer> upstream, UploadFactory uploads) {
      this.upstream = upstream;
      this.uploads = uploads;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> downstream) {
      if (!subscribed.compareAndSet(false, true)) {
        upstream.subscribe(downstream); // fails the second subscriber as the upstream does
        return;
      }
      Tee tee = new Tee(downstream);
      tee.upload = uploads.create(tee::pump);
      tee.upload.start();
      upstream.subscribe(tee);
    }
  }

  private static final class Tee implements Flow.Subscriber<ByteBuffer>, Flow.Subscription {
    private final Flow.Subscriber<? super ByteBuffer> downstream;
    private Upload upload;
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
}
