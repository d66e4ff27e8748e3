package io.cloudsync.shunt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection and its backend connection to the Swift proxy. Both run on the same event
 * loop, so this handler owns all state without locks.
 *
 * <p>Requests are handled one at a time: once a request has been received completely, the client
 * is not read again until its response has been sent (pipelined requests wait in the socket, or
 * in {@link #pending} when they arrived in the same read). Bodies stream through with
 * back-pressure: both channels run with auto-read off, and a side is read only while the other
 * side's write buffer is below its high watermark.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(FrontendHandler.class);

  /** Methods that may be sent again when a kept-alive Swift connection closes before answering. */
  private static final Set<HttpMethod> RETRYABLE = Set.of(HttpMethod.GET, HttpMethod.HEAD,
      HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.OPTIONS);

  private final BackendConnector connector;
  private final Supplier<RequestClassifier> classifier;
  private final ShuntOptions options;

  private Channel client;
  /** The backend connection: connected, connecting, or null. */
  private Channel backend;
  private boolean connecting;
  /** The backend connection has completed at least one exchange. */
  private boolean backendReused;
  /** A write to the backend connection failed: nothing more is sent on it, its answer is still read. */
  private boolean backendOutputBroken;
  /** Decoded client messages not handled yet (at most one socket read's worth). */
  private final ArrayDeque<HttpObject> pending = new ArrayDeque<>();
  private Exchange ex;
  /** An early response was sent: the client's remaining input is read and dropped, then the connection closes. */
  private boolean lingering;
  private boolean closing;
  private boolean closed;
  /** The server is shutting down: close after the current exchange, accept no new one. */
  private boolean draining;

  FrontendHandler(BackendConnector connector, Supplier<RequestClassifier> classifier, ShuntOptions options) {
    this.connector = connector;
    this.classifier = classifier;
    this.options = options;
  }

  /**
   * Graceful shutdown: an idle connection closes now; a busy one finishes its current exchange
   * (with {@code Connection: close} when its response has not started) and then closes. Event loop
   * only.
   */
  void drain() {
    if (draining || closed) {
      return;
    }
    draining = true;
    if (client != null && ex == null && !lingering && !closing) {
      closing = true;
      releasePending();
      closeBackend();
      client.close();
    }
  }

  // ---------------------------------------------------------------- client events

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    client = ctx.channel();
    client.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closed || lingering || closing || !(msg instanceof HttpObject object)) {
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
      maybeReadBackend();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closed = true;
    releasePending();
    closeBackend();
    Exchange e = ex;
    if (e != null) {
      e.releaseHeld();
      if (e.bodyWriter != null) {
        e.bodyWriter.cancel();
      }
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      Exchange e = ex;
      if (e == null || lingering) {
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

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("client connection {} failed: {}", ctx.channel(), cause.toString());
    ctx.close();
  }

  // ---------------------------------------------------------------- client -> Swift

  private void drainPending() {
    while (!closed && !lingering && !closing) {
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
    return ex != null && ex.headSent && backend != null && !connecting && !backendOutputBroken
        && backend.isWritable();
  }

  private void maybeReadClient() {
    if (closed || closing) {
      return;
    }
    if (lingering) {
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
    Classification classification;
    try {
      classification = classifier.get().classify(request);
    } catch (RuntimeException e) {
      log.warn("cannot classify {} {}; passing it through", request.method(), request.uri(), e);
      classification = Classification.PASS;
    }
    ex = new Exchange(request, classification);
    if (classification.kind() == Classification.Kind.LISTING) {
      try {
        request.setUri(classification.route().splicer().swiftUri(listingRequest(ex)));
      } catch (RuntimeException e) {
        log.warn("listing splicer failed on {}; passing it through", ex, e);
        ex = new Exchange(request, Classification.PASS);
      }
    }
    sendHead();
  }

  private void sendHead() {
    if (backend != null && !connecting && backend.isActive()) {
      writeHead();
    } else {
      closeBackend();
      connect();
    }
  }

  private void connect() {
    connecting = true;
    backendReused = false;
    backendOutputBroken = false;
    ChannelFuture future = connector.connect(client.eventLoop(), () -> new BackendHandler(this));
    Channel channel = future.channel();
    backend = channel;
    future.addListener((ChannelFutureListener) f -> onConnected(channel, f));
  }

  private void onConnected(Channel channel, ChannelFuture future) {
    if (channel != backend) {
      channel.close();
      return;
    }
    connecting = false;
    if (closed) {
      closeBackend();
      return;
    }
    if (!future.isSuccess()) {
      backend = null;
      log.warn("cannot reach the Swift proxy {} for {}: {}", connector.swiftProxy(), ex, future.cause().toString());
      failExchange("the Swift proxy is unreachable");
      return;
    }
    writeHead();
    drainPending();
    maybeReadClient();
  }

  private void writeHead() {
    ex.headSent = true;
    ex.sentOnReusedConnection = backendReused;
    Channel b = backend;
    b.writeAndFlush(ex.request).addListener(f -> onBackendWritten(b, f));
    maybeReadBackend();
  }

  private void sendBody(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    ex.bodyBytesSent += content.content().readableBytes();
    if (last) {
      ex.requestComplete = true;
    }
    Channel b = backend;
    b.writeAndFlush(content).addListener(f -> onBackendWritten(b, f));
    if (last) {
      maybeFinishExchange();
    }
  }

  // ---------------------------------------------------------------- Swift -> client

  void onBackendRead(Channel channel, HttpObject msg) {
    if (channel != backend || closed) {
      ReferenceCountUtil.release(msg);
      return;
    }
    Exchange e = ex;
    if (e == null || !e.headSent || e.swiftDone) {
      ReferenceCountUtil.release(msg);
      log.debug("unexpected data from the Swift proxy on {}; closing it", channel);
      closeBackend();
      return;
    }
    if (msg instanceof HttpResponse response) {
      ReferenceCountUtil.release(msg);
      if (response.decoderResult().isFailure()) {
        log.warn("invalid response from the Swift proxy for {}: {}", e, response.decoderResult().cause().toString());
        backendBroken(e, "the Swift proxy sent an invalid response");
      } else if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
        onInterim(e, response);
      } else {
        onSwiftHead(e, response);
      }
      return;
    }
    HttpContent content = (HttpContent) msg;
    if (e.interim) {
      e.interim = false;
      if (e.relayInterim) {
        client.writeAndFlush(content).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      } else {
        content.release();
      }
      return;
    }
    if (e.swiftResponse == null || content.decoderResult().isFailure()) {
      content.release();
      backendBroken(e, "the Swift proxy sent an invalid response");
      return;
    }
    boolean last = content instanceof LastHttpContent;
    switch (e.mode) {
      case RELAY -> client.write(content).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      case HOLD -> hold(e, content);
      case DROP -> content.release();
      default -> throw new IllegalStateException("mode " + e.mode);
    }
    if (last) {
      onSwiftDone(e);
    }
  }

  void onBackendReadComplete(Channel channel) {
    if (channel == backend && !closed) {
      client.flush();
      maybeReadBackend();
    }
  }

  void onBackendWritabilityChanged(Channel channel) {
    if (channel == backend && channel.isWritable()) {
      drainPending();
      maybeReadClient();
    }
  }

  private void onBackendWritten(Channel channel, io.netty.util.concurrent.Future<?> write) {
    if (write.isSuccess() || channel != backend) {
      return;
    }
    // Swift stopped reading (typically after answering early). Send nothing more, but read what
    // it answered; reading a reset connection fails and closes it, which ends in a 502.
    log.debug("writing to the Swift proxy failed on {}: {}", channel, write.cause().toString());
    backendOutputBroken = true;
    if (!channel.isActive()) {
      channel.close();
      return;
    }
    channel.read();
  }

  void onBackendException(Channel channel, Throwable cause) {
    log.debug("Swift proxy connection {} failed: {}", channel, cause.toString());
    channel.close();
  }

  void onBackendInactive(Channel channel) {
    if (channel != backend) {
      return;
    }
    backend = null;
    connecting = false;
    Exchange e = ex;
    if (closed || e == null || !e.headSent || e.swiftDone) {
      return; // an idle keep-alive connection closed: the next request opens a new one
    }
    if (e.swiftResponse == null) {
      if (e.sentOnReusedConnection && e.retries == 0 && e.bodyBytesSent == 0 && !e.clientStarted
          && RETRYABLE.contains(e.request.method())) {
        log.debug("Swift proxy closed a kept-alive connection before answering {}; sending it again", e);
        e.retries++;
        e.headSent = false;
        e.interim = false;
        connect();
        return;
      }
      failExchange("the Swift proxy closed the connection without answering");
      return;
    }
    backendBroken(e, "the Swift proxy closed the connection mid-answer");
  }

  private void maybeReadBackend() {
    Channel b = backend;
    if (b == null || connecting || closed || !b.isActive()) {
      return;
    }
    Exchange e = ex;
    if (e != null && !e.headSent) {
      return;
    }
    if (e != null && !e.swiftDone && e.mode == Exchange.Mode.RELAY && !client.isWritable()) {
      return; // back-pressure: the client is slower than Swift
    }
    // Awaiting an answer, or idle (a read notices when Swift closes a kept-alive connection).
    b.read();
  }

  private void onInterim(Exchange e, HttpResponse response) {
    e.interim = true;
    int code = response.status().code();
    if (code == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
      e.interim = false;
      backendBroken(e, "the Swift proxy switched protocols");
      return;
    }
    boolean relay = !e.clientStarted
        && (code != HttpResponseStatus.CONTINUE.code()
            || (e.expectsContinue && !e.continueRelayed && !e.requestComplete));
    e.relayInterim = relay;
    if (relay) {
      if (code == HttpResponseStatus.CONTINUE.code()) {
        e.continueRelayed = true;
      }
      client.write(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }
  }

  private void onSwiftHead(Exchange e, HttpResponse response) {
    e.swiftResponse = response;
    int code = response.status().code();
    Classification.Kind kind = e.classification.kind();
    if (kind == Classification.Kind.OBJECT_READ && code == HttpResponseStatus.NOT_FOUND.code()) {
      e.mode = Exchange.Mode.HOLD;
      startArchiveRead(e);
    } else if (kind == Classification.Kind.LISTING
        && (code == HttpResponseStatus.OK.code() || code == HttpResponseStatus.NO_CONTENT.code())) {
      e.mode = Exchange.Mode.HOLD;
    } else {
      e.mode = Exchange.Mode.RELAY;
      startRelay(e);
    }
  }

  private void startRelay(Exchange e) {
    HttpResponse response = e.swiftResponse;
    e.clientStarted = true;
    e.closeAfter = draining || !HttpUtil.isKeepAlive(e.request) || !HttpUtil.isKeepAlive(response)
        || !selfDelimited(response, e.head);
    client.write(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
  }

  /** True when the end of the body does not depend on the connection closing. */
  private static boolean selfDelimited(HttpResponse response, boolean head) {
    int code = response.status().code();
    return head || code == 204 || code == 304 || code < 200
        || HttpUtil.isContentLengthSet(response) || HttpUtil.isTransferEncodingChunked(response);
  }

  private void onSwiftDone(Exchange e) {
    e.swiftDone = true;
    boolean reusable = e.requestComplete && HttpUtil.isKeepAlive(e.request)
        && HttpUtil.isKeepAlive(e.swiftResponse) && selfDelimited(e.swiftResponse, e.head);
    if (reusable) {
      backendReused = true;
    } else {
      closeBackend();
    }
    switch (e.mode) {
      case RELAY -> e.clientDone = true;
      case HOLD -> {
        if (e.classification.kind() == Classification.Kind.LISTING && !e.decided) {
          startSplice(e);
        } else if (e.relayHeldWhenDone) {
          relayHeld(e);
        }
      }
      case DROP -> { }
      default -> throw new IllegalStateException("mode " + e.mode);
    }
    maybeFinishExchange();
  }

  private void hold(Exchange e, HttpContent content) {
    ByteBuf bytes = content.content();
    long size = (e.held == null ? 0 : e.held.readableBytes()) + (long) bytes.readableBytes();
    if (size > options.maxHeldResponse()) {
      log.warn("Swift's answer to {} exceeds {} bytes; relaying it without interception", e, options.maxHeldResponse());
      e.decided = true; // a late interceptor result is dropped
      e.mode = Exchange.Mode.RELAY;
      startRelay(e);
      if (e.held != null) {
        client.write(new DefaultHttpContent(e.held));
        e.held = null;
      }
      client.write(content).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      return;
    }
    if (bytes.isReadable()) {
      if (e.held == null) {
        e.held = client.alloc().compositeBuffer(Integer.MAX_VALUE);
      }
      e.held.addComponent(true, bytes.retain());
    }
    if (content instanceof LastHttpContent last && !last.trailingHeaders().isEmpty()) {
      e.heldTrailers = last.trailingHeaders().copy();
    }
    content.release();
  }

  /** Sends Swift's held answer unchanged. */
  private void relayHeld(Exchange e) {
    if (e.heldBroken) {
      e.releaseHeld();
      failExchange("the Swift proxy closed the connection mid-answer");
      return;
    }
    e.mode = Exchange.Mode.RELAY;
    startRelay(e);
    if (e.held != null) {
      client.write(new DefaultHttpContent(e.held));
      e.held = null;
    }
    LastHttpContent last = LastHttpContent.EMPTY_LAST_CONTENT;
    if (e.heldTrailers != null) {
      last = new DefaultLastHttpContent();
      last.trailingHeaders().set(e.heldTrailers);
    }
    client.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    e.clientDone = true;
  }

  /** Swift's connection failed or misbehaved while {@code e} awaited or received its answer. */
  private void backendBroken(Exchange e, String reason) {
    closeBackend();
    if (e.swiftDone) {
      return;
    }
    e.swiftDone = true;
    switch (e.mode) {
      case RELAY -> {
        if (e.clientStarted) {
          log.debug("{} for {}; closing the client connection", reason, e);
          client.close(); // the response is cut short: the client must see it fail
        } else {
          failExchange(reason);
        }
      }
      case HOLD -> {
        e.heldBroken = true;
        e.releaseHeld();
        if (e.classification.kind() == Classification.Kind.LISTING || e.relayHeldWhenDone) {
          e.decided = true;
          failExchange(reason);
        }
        // Otherwise the archive reader's answer is still to come; a null answer fails then.
      }
      case DROP -> maybeFinishExchange();
      default -> throw new IllegalStateException("mode " + e.mode);
    }
  }

  // ---------------------------------------------------------------- interception

  private static ListingRequest listingRequest(Exchange e) {
    return new ListingRequest(e.request.method(), e.clientUri, e.classification.path(),
        e.classification.route(), e.request.headers().copy());
  }

  private void startArchiveRead(Exchange e) {
    ArchiveRequest request = new ArchiveRequest(e.request.method(), e.clientUri,
        e.classification.path().toSwiftPath(), e.classification.route(), e.request.headers().copy(),
        e.swiftResponse.headers().copy());
    CompletionStage<ShuntResponse> stage;
    try {
      stage = e.classification.route().reader().read(request);
    } catch (RuntimeException failure) {
      stage = CompletableFuture.failedFuture(failure);
    }
    deliver(e, stage);
  }

  private void startSplice(Exchange e) {
    byte[] body = new byte[e.held == null ? 0 : e.held.readableBytes()];
    if (e.held != null) {
      e.held.getBytes(e.held.readerIndex(), body);
    }
    SwiftListing local = new SwiftListing(e.swiftResponse.status(), e.swiftResponse.headers().copy(), body);
    CompletionStage<ShuntResponse> stage;
    try {
      stage = e.classification.route().splicer().splice(listingRequest(e), local);
    } catch (RuntimeException failure) {
      stage = CompletableFuture.failedFuture(failure);
    }
    deliver(e, stage);
  }

  private void deliver(Exchange e, CompletionStage<ShuntResponse> stage) {
    if (stage == null) {
      stage = CompletableFuture.failedFuture(new NullPointerException("interceptor returned no stage"));
    }
    stage.whenComplete((response, failure) -> {
      try {
        client.eventLoop().execute(() -> onDecision(e, response, failure));
      } catch (RejectedExecutionException shutdown) {
        if (response != null) {
          response.discard();
        }
      }
    });
  }

  private void onDecision(Exchange e, ShuntResponse response, Throwable failure) {
    if (e != ex || closed || e.decided || e.mode != Exchange.Mode.HOLD) {
      if (response != null) {
        response.discard();
      }
      return;
    }
    e.decided = true;
    if (failure != null) {
      log.warn("interceptor failed on {}: {}", e, failure.toString(), failure);
      e.releaseHeld();
      e.mode = Exchange.Mode.DROP;
      respondLocally(HttpResponseStatus.BAD_GATEWAY, "Bad Gateway", false);
      return;
    }
    if (response == null) {
      if (e.swiftDone) {
        relayHeld(e);
        maybeFinishExchange();
      } else {
        e.relayHeldWhenDone = true;
      }
      return;
    }
    e.releaseHeld();
    e.mode = Exchange.Mode.DROP;
    sendShuntResponse(e, response);
  }

  private void sendShuntResponse(Exchange e, ShuntResponse r) {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, r.status(), r.headers().copy());
    int code = r.status().code();
    boolean bodyless = e.head || r.body() == null || code == 204 || code == 304 || code < 200;
    boolean http11 = e.request.protocolVersion().compareTo(HttpVersion.HTTP_1_1) >= 0;
    e.closeAfter = draining || !HttpUtil.isKeepAlive(e.request);
    if (!bodyless && !HttpUtil.isContentLengthSet(head) && !HttpUtil.isTransferEncodingChunked(head)) {
      if (http11) {
        HttpUtil.setTransferEncodingChunked(head, true);
      } else {
        e.closeAfter = true;
      }
    }
    if (HttpUtil.isContentLengthSet(head)) {
      e.declaredLength = HttpUtil.getContentLength(head, -1L);
    }
    keepAliveHeader(e, head);
    e.clientStarted = true;
    client.write(head).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    if (bodyless) {
      if (r.body() != null) {
        r.discard();
      }
      client.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      e.clientDone = true;
      maybeFinishExchange();
      return;
    }
    client.flush();
    e.bodyWriter = new ResponseBodyWriter(client, new ResponseBodyWriter.Listener() {
      @Override
      public void onBody(int bytes) {
        e.bodyBytesWritten += bytes;
      }

      @Override
      public void onBodyComplete() {
        if (e != ex || closed) {
          return;
        }
        if (e.declaredLength >= 0 && e.declaredLength != e.bodyBytesWritten) {
          log.warn("interceptor body for {} had {} bytes, Content-Length said {}; closing the connection",
              e, e.bodyBytesWritten, e.declaredLength);
          client.close();
          return;
        }
        client.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        e.clientDone = true;
        maybeFinishExchange();
      }

      @Override
      public void onBodyFailed(Throwable cause) {
        log.warn("interceptor body for {} failed after {} bytes: {}", e, e.bodyBytesWritten, cause.toString());
        client.close();
      }
    });
    r.body().subscribe(e.bodyWriter);
  }

  // ---------------------------------------------------------------- ending exchanges

  /** Answers the current exchange with a small text response generated here. */
  private void respondLocally(HttpResponseStatus status, String text, boolean forceClose) {
    Exchange e = ex;
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        e.head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8")
        .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    e.closeAfter = draining || forceClose || !HttpUtil.isKeepAlive(e.request) || !e.requestComplete;
    keepAliveHeader(e, response);
    e.clientStarted = true;
    client.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    e.clientDone = true;
    maybeFinishExchange();
  }

  private static void keepAliveHeader(Exchange e, HttpResponse response) {
    if (e.closeAfter) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (!e.request.protocolVersion().isKeepAliveDefault()) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
  }

  /** Swift cannot answer the current exchange: 502, or a cut connection if the response has begun. */
  private void failExchange(String reason) {
    Exchange e = ex;
    closeBackend();
    e.swiftDone = true;
    e.mode = Exchange.Mode.DROP;
    e.releaseHeld();
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
  private void maybeFinishExchange() {
    Exchange e = ex;
    if (e == null || !e.clientDone || closed || closing || lingering) {
      return;
    }
    if (!e.requestComplete) {
      lingeringClose();
      return;
    }
    if (!e.swiftDone && backend != null) {
      return; // Swift's (dropped) answer is still arriving
    }
    if (e.closeAfter || draining) {
      closing = true;
      closeBackend();
      releasePending();
      client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ex = null;
    client.flush();
    drainPending();
    maybeReadClient();
    maybeReadBackend();
  }

  /**
   * The response went out before the request was fully received (an early error, or a rejected
   * {@code Expect: 100-continue}). Closing at once could reset the connection before the client
   * reads the response, so: send it, half-close, drop whatever the client still sends, and close
   * when the client does or after the linger timeout.
   */
  private void lingeringClose() {
    lingering = true;
    closeBackend();
    releasePending();
    Channel c = client;
    c.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess() || !(c instanceof DuplexChannel duplex)) {
        c.close();
        return;
      }
      duplex.shutdownOutput();
      c.eventLoop().schedule(() -> {
        c.close();
      }, options.lingerTimeout().toMillis(), TimeUnit.MILLISECONDS);
      c.read();
    });
  }

  private void closeBackend() {
    Channel b = backend;
    backend = null;
    connecting = false;
    if (b != null) {
      b.close();
    }
  }

  private void releasePending() {
    HttpObject msg;
    while ((msg = pending.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
  }
}
