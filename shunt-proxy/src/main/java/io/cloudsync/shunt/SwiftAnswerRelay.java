package io.cloudsync.shunt;

import io.cloudsync.shunt.metrics.ShuntMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swift's answer on its way to the client. Interim (1xx) answers are passed on when the client is
 * waiting for them. A final answer is relayed as it arrives ({@link Exchange.Mode#RELAY}), or held
 * ({@link Exchange.Mode#HOLD}) while an interceptor decides whether to replace it (a 404 of an
 * archived object, a listing to splice), or read and dropped once it has been replaced
 * ({@link Exchange.Mode#DROP}). Event-loop confined.
 */
final class SwiftAnswerRelay {
  private static final Logger log = LoggerFactory.getLogger(SwiftAnswerRelay.class);

  private final FrontendHandler frontend;
  private final SwiftConnection swift;
  private final ShuntOptions options;
  private final Interception interception;
  private final ShuntResponseWriter replacement;

  SwiftAnswerRelay(FrontendHandler frontend, SwiftConnection swift, ShuntOptions options) {
    this.frontend = frontend;
    this.swift = swift;
    this.options = options;
    this.interception = new Interception(task -> frontend.client().eventLoop().execute(task),
        frontend.remoteDialer(), this::onDecision);
    this.replacement = new ShuntResponseWriter(frontend);
  }

  /** A message from the current backend connection. */
  void onMessage(Channel from, HttpObject msg) {
    Exchange e = frontend.current();
    if (e == null || !e.headSent || e.swiftDone) {
      ReferenceCountUtil.release(msg);
      log.debug("unexpected data from the Swift proxy on {}; closing it", from);
      swift.close();
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
        onHead(e, response);
      }
      return;
    }
    HttpContent content = (HttpContent) msg;
    if (e.interim) {
      e.interim = false;
      if (e.relayInterim) {
        frontend.client().writeAndFlush(content).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
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
      case RELAY -> frontend.client().write(content).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      case HOLD -> hold(e, content);
      case DROP -> content.release();
      default -> throw new IllegalStateException("mode " + e.mode);
    }
    if (last) {
      onDone(e);
    }
  }

  /** Swift's connection failed or misbehaved while {@code e} awaited or received its answer. */
  void backendBroken(Exchange e, String reason) {
    swift.close();
    if (e.swiftDone) {
      return;
    }
    e.swiftDone = true;
    switch (e.mode) {
      case RELAY -> {
        if (e.clientStarted) {
          log.debug("{} for {}; closing the client connection", reason, e);
          frontend.client().close(); // the response is cut short: the client must see it fail
        } else {
          frontend.failExchange(reason);
        }
      }
      case HOLD -> {
        e.held.markBroken();
        if (e.classification.kind() == Classification.Kind.LISTING || e.relayHeldWhenDone) {
          e.decided = true;
          frontend.failExchange(reason);
        }
        // Otherwise the archive reader's answer is still to come; a null answer fails then.
      }
      case DROP -> frontend.maybeFinishExchange();
      default -> throw new IllegalStateException("mode " + e.mode);
    }
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
      frontend.client().write(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }
  }

  private void onHead(Exchange e, HttpResponse response) {
    e.swiftResponse = response;
    int code = response.status().code();
    Classification.Kind kind = e.classification.kind();
    if (kind == Classification.Kind.OBJECT_READ && code == HttpResponseStatus.NOT_FOUND.code()) {
      e.mode = Exchange.Mode.HOLD;
      interception.readArchive(e);
    } else if (kind == Classification.Kind.OBJECT_CHANGE && code == HttpResponseStatus.NOT_FOUND.code()) {
      e.mode = Exchange.Mode.HOLD;
      interception.changeArchive(e);
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
    e.closeAfter = frontend.draining() || !HttpUtil.isKeepAlive(e.request) || !HttpUtil.isKeepAlive(response)
        || !selfDelimited(response, e.head);
    frontend.client().write(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
  }

  /** True when the end of the body does not depend on the connection closing. */
  private static boolean selfDelimited(HttpResponse response, boolean head) {
    int code = response.status().code();
    return head || code == 204 || code == 304 || code < 200
        || HttpUtil.isContentLengthSet(response) || HttpUtil.isTransferEncodingChunked(response);
  }

  private void onDone(Exchange e) {
    e.swiftDone = true;
    boolean reusable = e.requestComplete && HttpUtil.isKeepAlive(e.request)
        && HttpUtil.isKeepAlive(e.swiftResponse) && selfDelimited(e.swiftResponse, e.head);
    if (reusable) {
      swift.markReused();
    } else {
      swift.close();
    }
    switch (e.mode) {
      case RELAY -> e.clientDone = true;
      case HOLD -> {
        if (e.classification.kind() == Classification.Kind.LISTING && !e.decided) {
          interception.splice(e);
        } else if (e.relayHeldWhenDone) {
          relayHeld(e);
        }
      }
      case DROP -> { }
      default -> throw new IllegalStateException("mode " + e.mode);
    }
    frontend.maybeFinishExchange();
  }

  private void hold(Exchange e, HttpContent content) {
    Channel client = frontend.client();
    long size = e.held.size() + (long) content.content().readableBytes();
    if (size > options.maxHeldResponse()) {
      log.warn("Swift's answer to {} exceeds {} bytes; relaying it without interception", e, options.maxHeldResponse());
      e.decided = true; // a late interceptor result is dropped
      e.mode = Exchange.Mode.RELAY;
      startRelay(e);
      e.held.writeBodyTo(client);
      client.write(content).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      return;
    }
    e.held.add(client.alloc(), content);
  }

  /** Sends Swift's held answer unchanged. */
  private void relayHeld(Exchange e) {
    if (e.held.broken()) {
      e.held.release();
      frontend.failExchange("the Swift proxy closed the connection mid-answer");
      return;
    }
    e.mode = Exchange.Mode.RELAY;
    startRelay(e);
    Channel client = frontend.client();
    e.held.writeBodyTo(client);
    client.writeAndFlush(e.held.last()).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    e.clientDone = true;
  }

  /** An interceptor has answered {@code e}: its response replaces Swift's, or (null) Swift's is relayed. */
  private void onDecision(Exchange e, ShuntResponse response, Throwable failure) {
    if (e != frontend.current() || frontend.isClosed() || e.decided || e.mode != Exchange.Mode.HOLD) {
      if (response != null) {
        response.discard();
      }
      return;
    }
    e.decided = true;
    if (e.classification.kind() == Classification.Kind.OBJECT_READ) {
      frontend.metrics().archiveRead(failure != null ? ShuntMetrics.ArchiveResult.FAILED
          : response == null ? ShuntMetrics.ArchiveResult.NOT_ARCHIVED : ShuntMetrics.ArchiveResult.SERVED);
    } else if (e.classification.kind() == Classification.Kind.OBJECT_CHANGE) {
      frontend.metrics().archiveChange(failure != null ? ShuntMetrics.ArchiveResult.FAILED
          : response == null ? ShuntMetrics.ArchiveResult.NOT_ARCHIVED : ShuntMetrics.ArchiveResult.SERVED);
    }
    if (failure != null) {
      log.warn("interceptor failed on {}: {}", e, failure.toString(), failure);
      e.held.release();
      e.mode = Exchange.Mode.DROP;
      frontend.respondLocally(HttpResponseStatus.BAD_GATEWAY, "Bad Gateway", false);
      return;
    }
    if (response == null) {
      if (e.swiftDone) {
        relayHeld(e);
        frontend.maybeFinishExchange();
      } else {
        e.relayHeldWhenDone = true;
      }
      return;
    }
    e.held.release();
    e.mode = Exchange.Mode.DROP;
    replacement.send(e, response);
  }
}
