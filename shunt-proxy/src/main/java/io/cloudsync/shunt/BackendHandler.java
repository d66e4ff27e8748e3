package io.cloudsync.shunt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;

/** The last handler of a backend connection: hands every event to the client connection's {@link SwiftConnection}. */
final class BackendHandler extends ChannelInboundHandlerAdapter {
  private final SwiftConnection swift;

  BackendHandler(SwiftConnection swift) {
    this.swift = swift;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpObject object) {
      swift.onRead(ctx.channel(), object);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    swift.onReadComplete(ctx.channel());
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    swift.onWritabilityChanged(ctx.channel());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    swift.onInactive(ctx.channel());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    swift.onException(ctx.channel(), cause);
  }
}
