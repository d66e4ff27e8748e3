package io.cloudsync.shunt;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The whole pipeline of a client connection over {@link ShuntOptions#maxConnections()}: it is
 * answered {@code 503 Service Unavailable} with {@code Connection: close} as soon as it is accepted,
 * without reading its request, and closed once the client has it ({@link LingeringClose}: what the
 * client still sends is dropped meanwhile).
 */
final class OverCapacity extends ChannelInboundHandlerAdapter {
  private static final String BODY = "Service Unavailable: too many connections\n";
  private static final String RESPONSE = "HTTP/1.1 503 Service Unavailable\r\n"
      + "Content-Type: text/plain; charset=UTF-8\r\n"
      + "Content-Length: " + BODY.length() + "\r\n"
      + "Connection: close\r\n"
      + "\r\n" + BODY;

  private final Duration linger;

  OverCapacity(Duration linger) {
    this.linger = linger;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.channel().writeAndFlush(Unpooled.copiedBuffer(RESPONSE, StandardCharsets.US_ASCII))
        .addListener(LingeringClose.after(linger));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.read();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
