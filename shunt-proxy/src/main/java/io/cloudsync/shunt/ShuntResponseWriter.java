package io.cloudsync.shunt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an interceptor's {@link ShuntResponse} to the client in place of Swift's answer: frames
 * it (chunked for HTTP/1.1 when it has no length, close-delimited for HTTP/1.0), then streams its
 * body through a {@link ResponseBodyWriter}, and cuts the connection when the body ends short of
 * or beyond its Content-Length. A {@link ByteBufPublisher} body is written without copying its
 * buffers. Event-loop confined.
 */
final class ShuntResponseWriter {
  private static final Logger log = LoggerFactory.getLogger(ShuntResponseWriter.class);

  private final FrontendHandler frontend;

  ShuntResponseWriter(FrontendHandler frontend) {
    this.frontend = frontend;
  }

  void send(Exchange e, ShuntResponse r) {
    Channel client = frontend.client();
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, r.status(), r.headers().copy());
    int code = r.status().code();
    boolean bodyless = e.head || r.body() == null || code == 204 || code == 304 || code < 200;
    boolean http11 = e.request.protocolVersion().compareTo(HttpVersion.HTTP_1_1) >= 0;
    e.closeAfter = frontend.draining() || !HttpUtil.isKeepAlive(e.request);
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
    e.setConnectionHeader(head);
    e.clientStarted = true;
    client.write(head).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    if (bodyless) {
      if (r.body() != null) {
        r.discard();
      }
      client.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      e.clientDone = true;
      frontend.maybeFinishExchange();
      return;
    }
    client.flush();
    BodyProgress progress = new BodyProgress(e, client);
    if (r.body() instanceof ByteBufPublisher buffers) {
      ResponseBodyWriter<ByteBuf> writer = ResponseBodyWriter.adopting(client, progress);
      e.bodyWriter = writer;
      buffers.subscribeBuffers(writer);
    } else {
      ResponseBodyWriter<ByteBuffer> writer = ResponseBodyWriter.copying(client, progress);
      e.bodyWriter = writer;
      r.body().subscribe(writer);
    }
  }

  /** Counts the body's bytes and ends the response (or the connection) when the body ends. */
  private final class BodyProgress implements ResponseBodyWriter.Listener {
    private final Exchange e;
    private final Channel client;

    BodyProgress(Exchange e, Channel client) {
      this.e = e;
      this.client = client;
    }

    @Override
    public void onBody(int bytes) {
      e.bodyBytesWritten += bytes;
    }

    @Override
    public void onBodyComplete() {
      if (e != frontend.current() || frontend.isClosed()) {
        return;
      }
      if (e.declaredLength >= 0 && e.declaredLength != e.bodyBytesWritten) {
        log.warn("interceptor body for {} had {} bytes, Content-Length said {}; closing the connection",
            e, e.bodyBytesWritten, e.declaredLength);
        client.close();
        return;
      }
      client.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      if (e.classification.kind() == Classification.Kind.OBJECT_READ) {
        frontend.metrics().archivedBytes(e.bodyBytesWritten);
      }
      e.clientDone = true;
      frontend.maybeFinishExchange();
    }

    @Override
    public void onBodyFailed(Throwable cause) {
      log.warn("interceptor body for {} failed after {} bytes: {}", e, e.bodyBytesWritten, cause.toString());
      client.close();
    }
  }
}
