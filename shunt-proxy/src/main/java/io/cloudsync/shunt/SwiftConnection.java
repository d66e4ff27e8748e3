package io.cloudsync.shunt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client connection's link to the Swift proxy: opens (and re-opens) the backend connection,
 * forwards the request to it, reads Swift's answer with back-pressure, and sends a request again
 * once when a kept-alive connection closes before answering. Events of a connection that has been
 * replaced or closed are ignored. Event-loop confined (the backend connection is registered on the
 * client connection's loop).
 */
final class SwiftConnection {
  private static final Logger log = LoggerFactory.getLogger(SwiftConnection.class);

  /** Methods that may be sent again when a kept-alive Swift connection closes before answering. */
  private static final Set<HttpMethod> RETRYABLE = Set.of(HttpMethod.GET, HttpMethod.HEAD,
      HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.OPTIONS);

  private final BackendConnector connector;
  private final FrontendHandler frontend;
  /** The backend connection: connected, connecting, or null. */
  private Channel channel;
  private boolean connecting;
  /** The backend connection has completed at least one exchange. */
  private boolean reused;
  /** A write to the backend connection failed: nothing more is sent on it, its answer is still read. */
  private boolean outputBroken;

  SwiftConnection(BackendConnector connector, FrontendHandler frontend) {
    this.connector = connector;
    this.frontend = frontend;
  }

  /** Sends {@code e}'s request head, on the open connection or a new one. */
  void sendHead(Exchange e) {
    if (channel != null && !connecting && channel.isActive()) {
      writeHead(e);
    } else {
      close();
      connect();
    }
  }

  /** Whether a piece of request body may be written now (connected, not broken, below the high watermark). */
  boolean canSendBody() {
    return channel != null && !connecting && !outputBroken && channel.isWritable();
  }

  /** Forwards a piece of the request body; call only when {@link #canSendBody()}. */
  void sendBody(HttpContent content) {
    write(content);
  }

  /** The current exchange ended with the connection reusable for the next one. */
  void markReused() {
    reused = true;
  }

  /** Whether there is no backend connection (none open, none being opened). */
  boolean isAbsent() {
    return channel == null;
  }

  void close() {
    Channel b = channel;
    channel = null;
    connecting = false;
    if (b != null) {
      b.close();
    }
  }

  /** Reads from Swift when an answer is awaited or the connection idles, unless the client cannot keep up. */
  void maybeRead() {
    Channel b = channel;
    if (b == null || connecting || frontend.isClosed() || !b.isActive()) {
      return;
    }
    Exchange e = frontend.current();
    if (e != null && !e.headSent) {
      return;
    }
    if (e != null && !e.swiftDone && e.mode == Exchange.Mode.RELAY && !frontend.client().isWritable()) {
      return; // back-pressure: the client is slower than Swift
    }
    // Awaiting an answer, or idle (a read notices when Swift closes a kept-alive connection).
    b.read();
  }

  private void connect() {
    connecting = true;
    reused = false;
    outputBroken = false;
    ChannelFuture future = connector.connect(frontend.client().eventLoop(), () -> new BackendHandler(this));
    Channel opened = future.channel();
    channel = opened;
    future.addListener((ChannelFutureListener) f -> onConnected(opened, f));
  }

  private void onConnected(Channel opened, ChannelFuture future) {
    if (opened != channel) {
      opened.close();
      return;
    }
    connecting = false;
    if (frontend.isClosed()) {
      close();
      return;
    }
    if (!future.isSuccess()) {
      channel = null;
      log.warn("cannot reach the Swift proxy {} for {}: {}", connector.swiftProxy(), frontend.current(),
          future.cause().toString());
      frontend.failExchange("the Swift proxy is unreachable");
      return;
    }
    writeHead(frontend.current());
    frontend.onSwiftReady();
  }

  private void writeHead(Exchange e) {
    e.headSent = true;
    e.sentOnReusedConnection = reused;
    write(e.request);
    maybeRead();
  }

  private void write(HttpObject msg) {
    Channel b = channel;
    b.writeAndFlush(msg).addListener(f -> onWritten(b, f));
  }

  private void onWritten(Channel written, Future<?> write) {
    if (write.isSuccess() || written != channel) {
      return;
    }
    // Swift stopped reading (typically after answering early). Send nothing more, but read what
    // it answered; reading a reset connection fails and closes it, which ends in a 502.
    log.debug("writing to the Swift proxy failed on {}: {}", written, write.cause().toString());
    outputBroken = true;
    if (!written.isActive()) {
      written.close();
      return;
    }
    written.read();
  }

  // ---------------------------------------------------------------- backend connection events

  void onRead(Channel from, HttpObject msg) {
    if (from != channel || frontend.isClosed()) {
      ReferenceCountUtil.release(msg);
      return;
    }
    frontend.onSwiftMessage(from, msg);
  }

  void onReadComplete(Channel from) {
    if (from == channel && !frontend.isClosed()) {
      frontend.client().flush();
      maybeRead();
    }
  }

  void onWritabilityChanged(Channel from) {
    if (from == channel && from.isWritable()) {
      frontend.onSwiftReady();
    }
  }

  void onException(Channel from, Throwable cause) {
    log.debug("Swift proxy connection {} failed: {}", from, cause.toString());
    from.close();
  }

  void onInactive(Channel from) {
    if (from != channel) {
      return;
    }
    channel = null;
    connecting = false;
    Exchange e = frontend.current();
    if (frontend.isClosed() || e == null || !e.headSent || e.swiftDone) {
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
      frontend.failExchange("the Swift proxy closed the connection without answering");
      return;
    }
    frontend.onSwiftLost(e, "the Swift proxy closed the connection mid-answer");
  }
}
