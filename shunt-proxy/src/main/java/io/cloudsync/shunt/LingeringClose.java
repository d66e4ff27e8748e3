package io.cloudsync.shunt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a client connection after a final response the client may still be sending a request
 * to. Closing at once with unread input would reset the connection, and the client could lose
 * the response: so once the response is out, the output is shut (the client reads the response,
 * then end of stream), and the connection closes when the client closes it, or after the linger
 * time. The caller's handler must drop what is still read and call {@code read()} after each read.
 */
final class LingeringClose {
  private LingeringClose() {}

  /** The listener to add to the write of the last response. */
  static ChannelFutureListener after(Duration linger) {
    return f -> {
      Channel c = f.channel();
      if (!f.isSuccess() || !(c instanceof DuplexChannel duplex)) {
        c.close();
        return;
      }
      duplex.shutdownOutput();
      c.eventLoop().schedule(() -> {
        c.close();
      }, linger.toMillis(), TimeUnit.MILLISECONDS);
      c.read();
    };
  }
}
