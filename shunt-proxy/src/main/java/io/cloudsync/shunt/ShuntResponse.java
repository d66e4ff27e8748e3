package io.cloudsync.shunt;

import io.cloudsync.store.DiscardingSubscriber;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * A response produced by an interceptor instead of Swift's. The body is streamed with
 * back-pressure: the shunt requests buffers only while the client connection can take them, and
 * cancels the subscription if the client goes away. Buffers are copied before {@code onNext}
 * returns, so a publisher may reuse them.
 *
 * <p>Framing: with a {@code Content-Length} header the body must have exactly that many bytes;
 * without one, the shunt sends the body chunked (HTTP/1.1 clients) or closes the connection after
 * it (HTTP/1.0 clients). Hop-by-hop framing headers are the shunt's business: an interceptor should
 * not set {@code Transfer-Encoding} or {@code Connection}.
 *
 * @param status the status to send
 * @param headers the headers to send (sent as given, in this order)
 * @param body the body, or null for none (always ignored for {@code HEAD})
 */
public record ShuntResponse(HttpResponseStatus status, HttpHeaders headers, Flow.Publisher<ByteBuffer> body) {

  public ShuntResponse {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(headers, "headers");
  }

  /** A response with a body held in memory; {@code Content-Length} is set from it. */
  public static ShuntResponse of(HttpResponseStatus status, HttpHeaders headers, byte[] body) {
    HttpHeaders copy = new DefaultHttpHeaders().add(headers);
    copy.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    return new ShuntResponse(status, copy, body.length == 0 ? null : new ByteArrayPublisher(body));
  }

  /**
   * Drops an unused response: cancels its body so the connection behind it can be released.
   * Safe to call on a response whose body was never subscribed to.
   */
  public void discard() {
    DiscardingSubscriber.discard(body);
  }
}
