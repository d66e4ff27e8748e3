package io.cloudsync.shunt;

import io.cloudsync.logging.LogSafe;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;

/**
 * The state of one request/response pair on a client connection. Confined to the connection's
 * event loop; {@link FrontendHandler} drives its request side, {@link SwiftAnswerRelay} its answer.
 */
final class Exchange {
  /** What happens to Swift's answer. */
  enum Mode {
    /** Relayed to the client as it arrives. */
    RELAY,
    /** Held in memory until an interceptor decides. */
    HOLD,
    /** Read and dropped (an interceptor's response replaced it). */
    DROP
  }

  final HttpRequest request;
  /** The request target as the client sent it (a listing may be sent to Swift rewritten). */
  final String clientUri;
  final Classification classification;
  final boolean head;
  final boolean expectsContinue;

  // Client -> Swift.
  /** The request head has been written to the current backend connection. */
  boolean headSent;
  /** The head went out on a connection that had already served a request (a stale keep-alive may close under it). */
  boolean sentOnReusedConnection;
  long bodyBytesSent;
  /** The client's whole request (through its last content) has been received and forwarded. */
  boolean requestComplete;
  /** The request will not be forwarded (answered locally): its remaining body is dropped. */
  boolean discardBody;
  int retries;

  // Swift -> shunt.
  /** Inside an interim (1xx) answer; its closing empty content is pending. */
  boolean interim;
  boolean relayInterim;
  boolean continueRelayed;
  /** Swift's final response head, null until it arrives. */
  HttpResponse swiftResponse;
  /** Swift's answer has ended (or will not come: the connection is gone). */
  boolean swiftDone;
  Mode mode = Mode.RELAY;
  /** Swift's answer while {@link Mode#HOLD}. */
  final HeldAnswer held = new HeldAnswer();

  // Interception.
  boolean decided;
  boolean relayHeldWhenDone;
  ResponseBodyWriter<?> bodyWriter;
  long declaredLength = -1;
  long bodyBytesWritten;

  // Shunt -> client.
  boolean clientStarted;
  boolean clientDone;
  boolean closeAfter;

  Exchange(HttpRequest request, Classification classification) {
    this.request = request;
    this.clientUri = request.uri();
    this.classification = classification;
    this.head = HttpMethod.HEAD.equals(request.method());
    this.expectsContinue = HttpUtil.is100ContinueExpected(request);
  }

  /** Sets {@code Connection} on a response to this exchange's request, per {@link #closeAfter}. */
  void setConnectionHeader(HttpResponse response) {
    if (closeAfter) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (!request.protocolVersion().isKeepAliveDefault()) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
  }

  @Override
  public String toString() {
    return request.method() + " " + LogSafe.text(clientUri);
  }
}
