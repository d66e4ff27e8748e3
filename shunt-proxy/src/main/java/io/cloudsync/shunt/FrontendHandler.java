package io.cloudsync.shunt;

import io.cloudsync.logging.LogSafe;
import io.cloudsync.shunt.metrics.ShuntMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: takes its requests one at a time, forwards each to the Swift proxy
 * through its {@link SwiftConnection}, lets the {@link SwiftAnswerRelay} bring the answer back,
 * and moves on (or closes) once both sides are done with the exchange. The backend connection runs
 * on the same event loop, so this handler and its helpers share all state without locks.
 *
 * <p>Once a request has been received completely, the client is not read again until its response
 * has been sent (pipelined requests wait in the socket, or in {@link #pending} when they arrived in
 * the same read). Bodies stream through with back-pressure: both channels run with auto-read off,
 * and a side is read only while the other side's write buffer is below its high watermark.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(FrontendHandler.class);

  private final Supplier<RequestClassifier> classifier;
  private final ShuntOptions options;
  private final BackendConnector connector;
  private final SwiftConnection swift;
  private final SwiftAnswerRelay relay;
  private final HeadDeadline headDeadline;

  private Channel client;
  /** Decoded client messages not handled yet (at most one socket read's worth). */
  private final ArrayDeque<HttpObject> pending = new ArrayDeque<>();
  private Exchange ex;
  private ConnectionState state = ConnectionState.OPEN;
  /** The server is shutting down: close after the current exchange, accept no new one. */
  private boolean draining;

  private final ShuntMetrics metrics;

  FrontendHandler(BackendConnector connector, Supplier<RequestClassifier> classifier, ShuntOptions options,
      ShuntMetrics metrics) {
    this.metrics = metrics;
    this.classifier = classifier;
    this.options = options;
    this.connector = connector;
    this.swift = new SwiftConnection(connector, this);
    this.relay = new SwiftAnswerRelay(this, swift, options);
    this.headDeadline = new HeadDeadline(options.headTimeout());
  }

  /**
   * Graceful shutdown: an idle connection closes now; a busy one finishes its current exchange
   * (with {@code Connection: close} when its response has not started) and then closes. Event loop
   * only.
   */
  void drain() {
    if (draining || state == ConnectionState.CLOSED) {
      return;
    }
    draining = true;
    if (client != null && ex == null && state == ConnectionState.OPEN) {
      state = ConnectionState.CLOSING;
      releasePending();
      swift.close();
      client.close();
    }
  }

  // ---------------------------------------------------------------- for the helpers (event loop only)

  Channel client() {
    return client;
  }

  /** Opens connections to remote stores on this connection's event loop. */
  RemoteDialer remoteDialer() {
    return () -> connector.remote(client.eventLoop());
  }

  ShuntMetrics metrics() {
    return metrics;
  }

  /** The exchange in progress, or null between requests. */
  Exchange current() {
    return ex;
  }

  boolean isClosed() {
    return state == ConnectionState.CLOSED;
  }

  boolean draining() {
    return draining;
  }

  // ---------------------------------------------------------------- client events

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    client = ctx.channel();
    headDeadline.start(client, this::headTimedOut);
    client.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (state != ConnectionState.OPEN || !(msg instanceof HttpObject object)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    pending.add(object);
    drainPending();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    maybeReadClient();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (client.isWritable()) {
      if (ex != null && ex.bodyWriter != null) {
        ex.bodyWriter.resume();
      }
      swift.maybeRead();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    state = ConnectionState.CLOSED;
    headDeadline.met();
    releasePending();
    swift.close();
    Exchange e = ex;
    if (e != null) {
      e.held.release();
      if (e.bodyWriter != null) {
        e.bodyWriter.cancel();
      }
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      Exchange e = ex;
      if (e == null || state == ConnectionState.LINGERING) {
        client.close();
      } else if (!(e.requestComplete && !e.clientStarted)) {
        // The client neither sends its body nor reads its response.
        log.debug("closing idle client connection {} during {}", client, e);
        client.close();
      }
      // Otherwise Swift or an interceptor is still working on the answer: Swift has its own timeouts.
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  /** No complete request head within the head timeout (between exchanges: nothing is in progress). */
  private void headTimedOut() {
    if (ex == null && state == ConnectionState.OPEN) {
      log.debug("closing client connection {}: no complete request head within {} s", client,
          options.headTimeout().toSeconds());
      client.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("client connection {} failed: {}", ctx.channel(), cause.toString());
    ctx.close();
  }

  // ---------------------------------------------------------------- Swift connection events

  /** The Swift connection can take request data (it just opened, or drained below its watermark). */
  void onSwiftReady() {
    drainPending();
    maybeReadClient();
  }

  void onSwiftMessage(Channel from, HttpObject msg) {
    relay.onMessage(from, msg);
  }

  void onSwiftLost(Exchange e, String reason) {
    relay.backendBroken(e, reason);
  }

  // ---------------------------------------------------------------- client -> Swift

  private void drainPending() {
    while (state == ConnectionState.OPEN) {
      HttpObject msg = pending.peek();
      if (msg == null) {
        return;
      }
      if (msg instanceof HttpRequest request) {
        if (ex != null) {
          return; // a pipelined request waits for the current exchange
        }
        pending.poll();
        beginExchange(request);
        continue;
      }
      HttpContent content = (HttpContent) msg;
      if (ex == null || ex.requestComplete) {
        pending.poll();
        content.release();
        log.debug("request content without a request on {}", client);
        client.close();
        return;
      }
      if (ex.discardBody) {
        pending.poll();
        content.release();
        if (content instanceof LastHttpContent) {
          ex.requestComplete = true;
        }
        continue;
      }
      if (content.decoderResult().isFailure()) {
        // A broken body must never reach Swift as a complete one.
        pending.poll();
        content.release();
        log.debug("bad request body from {}: {}", client, content.decoderResult().cause().toString());
        client.close();
        return;
      }
      if (!canSendBody()) {
        return;
      }
      pending.poll();
      sendBody(content);
    }
  }

  private boolean canSendBody() {
    return ex != null && ex.headSent && swift.canSendBody();
  }

  private void maybeReadClient() {
    if (state == ConnectionState.CLOSED || state == ConnectionState.CLOSING) {
      return;
    }
    if (state == ConnectionState.LINGERING) {
      client.read();
      return;
    }
    if (!pending.isEmpty()) {
      return;
    }
    if (ex == null || (!ex.requestComplete && canSendBody())) {
      client.read();
    }
  }

  private void beginExchange(HttpRequest request) {
    headDeadline.met();
    if (request.decoderResult().isFailure()) {
      ReferenceCountUtil.release(request);
      Throwable cause = request.decoderResult().cause();
      HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
          : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
          : cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
          : HttpResponseStatus.BAD_REQUEST;
      log.debug("bad request from {}: {}", client, cause.toString());
      ex = new Exchange(request, Classification.PASS);
      ex.requestComplete = true;
      ex.swiftDone = true;
      respondLocally(status, status.reasonPhrase(), true);
      return;
    }
    // Parsed and forwarded alike: Swift authorizes the very path the shunt may serve.
    request.setUri(OriginForm.of(request.uri()));
    Classification classification;
    try {
      classification = classifier.get().classify(request);
    } catch (RuntimeException e) {
      log.warn("cannot classify {} {}; passing it through", request.method(), LogSafe.text(request.uri()), e);
      classification = Classification.PASS;
    }
    ex = new Exchange(request, classification);
    metrics.request(switch (classification.kind()) {
      case PASS_THROUGH -> ShuntMetrics.RequestKind.PASS_THROUGH;
      case OBJECT_READ -> ShuntMetrics.RequestKind.OBJECT_READ;
      case LISTING -> ShuntMetrics.RequestKind.LISTING;
      case OBJECT_CHANGE -> ShuntMetrics.RequestKind.OBJECT_CHANGE;
    });
    if (classification.kind() == Classification.Kind.LISTING) {
      try {
        request.setUri(classification.route().splicer().swiftUri(Interception.listingRequest(ex)));
      } catch (RuntimeException e) {
        log.warn("listing splicer failed on {}; passing it through", ex, e);
        ex = new Exchange(request, Classification.PASS);
      }
    }
    swift.sendHead(ex);
  }

  private void sendBody(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    ex.bodyBytesSent += content.content().readableBytes();
    if (last) {
      ex.requestComplete = true;
    }
    swift.sendBody(content);
    if (last) {
      maybeFinishExchange();
    }
  }

  // ---------------------------------------------------------------- ending exchanges

  /** Answers the current exchange with a small text response generated here. */
  void respondLocally(HttpResponseStatus status, String text, boolean forceClose) {
    Exchange e = ex;
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        e.head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8")
        .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    e.closeAfter = draining || forceClose || !HttpUtil.isKeepAlive(e.request) || !e.requestComplete;
    e.setConnectionHeader(response);
    e.clientStarted = true;
    client.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    e.clientDone = true;
    maybeFinishExchange();
  }

  /** Swift cannot answer the current exchange: 502, or a cut connection if the response has begun. */
  void failExchange(String reason) {
    Exchange e = ex;
    swift.close();
    e.swiftDone = true;
    e.mode = Exchange.Mode.DROP;
    e.held.release();
    if (e.clientStarted) {
      client.close();
      return;
    }
    // The rest of a request already received (a GET's end) is dropped, so the connection can stay open.
    e.discardBody = true;
    drainPending();
    respondLocally(HttpResponseStatus.BAD_GATEWAY, "Bad Gateway: " + reason, false);
  }

  /** Moves on once the client has its response and Swift is done with the request. */
  void maybeFinishExchange() {
    Exchange e = ex;
    if (e == null || !e.clientDone || state != ConnectionState.OPEN) {
      return;
    }
    if (!e.requestComplete) {
      lingeringClose();
      return;
    }
    if (!e.swiftDone && !swift.isAbsent()) {
      return; // Swift's (dropped) answer is still arriving
    }
    if (e.closeAfter || draining) {
      state = ConnectionState.CLOSING;
      swift.close();
      releasePending();
      client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ex = null;
    headDeadline.start(client, this::headTimedOut);
    client.flush();
    drainPending();
    maybeReadClient();
    swift.maybeRead();
  }

  /**
   * The response went out before the request was fully received (an early error, or a rejected
   * {@code Expect: 100-continue}). Closing at once could reset the connection before the client
   * reads the response, so: send it, half-close, drop whatever the client still sends, and close
   * when the client does or after the linger timeout.
   */
  private void lingeringClose() {
    state = ConnectionState.LINGERING;
    swift.close();
    releasePending();
    client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(LingeringClose.after(options.lingerTimeout()));
  }

  private void releasePending() {
    HttpObject msg;
    while ((msg = pending.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
  }
}
