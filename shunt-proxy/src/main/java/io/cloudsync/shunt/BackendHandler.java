package io.cloudsync.shunt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;

/** The last handler of a backend connection: hands every event to the client connection's {@link FrontendHandler}. */
final class BackendHandler extends ChannelInboundHandlerAdapter {
  private final FrontendHandler frontend;

  BackendHandler(FrontendHandler frontend) {
    this.frontend = frontend;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpObject object) {
      frontend.onBackendRead(ctx.channel(), object);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    frontend.onBackendReadComplete(ctx.channel());
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    frontend.onBackendWritabilityChanged(ctx.channel());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    frontend.onBackendInactive(ctx.channel());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    frontend.onBackendException(ctx.channel(), cause);
  }
}
