package io.cloudsync.shunt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Swift's answer body kept back while an interceptor decides whether to replace it (a 404 that the
 * archive may answer, a listing to splice). Bounded by {@link ShuntOptions#maxHeldResponse()}:
 * the caller checks {@link #size()} before adding. Event-loop confined; owns its buffers until
 * {@link #release()} or {@link #writeBodyTo(Channel)}.
 */
final class HeldAnswer {
  private CompositeByteBuf bytes;
  private HttpHeaders trailers;
  private boolean broken;

  long size() {
    return bytes == null ? 0 : bytes.readableBytes();
  }

  /** Keeps {@code content}'s bytes and trailers, and releases {@code content}. */
  void add(ByteBufAllocator alloc, HttpContent content) {
    ByteBuf data = content.content();
    if (data.isReadable()) {
      if (bytes == null) {
        bytes = alloc.compositeBuffer(Integer.MAX_VALUE);
      }
      bytes.addComponent(true, data.retain());
    }
    if (content instanceof LastHttpContent last && !last.trailingHeaders().isEmpty()) {
      trailers = last.trailingHeaders().copy();
    }
    content.release();
  }

  /** A copy of the held body (for a listing splicer, bounded by the hold limit). */
  byte[] copyBytes() {
    byte[] copy = new byte[bytes == null ? 0 : bytes.readableBytes()];
    if (bytes != null) {
      bytes.getBytes(bytes.readerIndex(), copy);
    }
    return copy;
  }

  /** Writes (without flushing) the held body to {@code client}, handing the buffers over. */
  void writeBodyTo(Channel client) {
    if (bytes != null) {
      client.write(new DefaultHttpContent(bytes));
      bytes = null;
    }
  }

  /** The end of the held answer, with Swift's trailers if it sent any. */
  LastHttpContent last() {
    if (trailers == null) {
      return LastHttpContent.EMPTY_LAST_CONTENT;
    }
    LastHttpContent last = new DefaultLastHttpContent();
    last.trailingHeaders().set(trailers);
    return last;
  }

  /** Swift's connection broke mid-answer: what was held can never be relayed. */
  void markBroken() {
    broken = true;
    release();
  }

  boolean broken() {
    return broken;
  }

  void release() {
    if (bytes != null) {
      bytes.release();
      bytes = null;
    }
  }
}
