package io.cloudsync.shunt;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * A response body whose buffers are Netty {@link ByteBuf}s already owned by the shunt (read from a
 * remote store on the client connection's own event loop): the shunt writes them to the client as
 * they are, without the copy that a {@code ByteBuffer} body costs. Through
 * {@link #subscribe(Flow.Subscriber)} it is still an ordinary {@code ByteBuffer} body (each buffer
 * copied), for consumers that want one.
 */
public interface ByteBufPublisher extends Flow.Publisher<ByteBuffer> {

  /**
   * Subscribes to the buffers themselves: each {@code onNext} hands over one reference, which the
   * subscriber must release (or write, which releases it).
   */
  void subscribeBuffers(Flow.Subscriber<? super ByteBuf> subscriber);
}
