package io.cloudsync.shunt;

import io.cloudsync.shunt.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Opens connections to the Swift proxy. A backend connection is registered on its client
 * connection's event loop, so both sides of one proxied connection run on one thread and share
 * state without locks.
 */
final class BackendConnector {
  private final URI swiftProxy;
  private final String host;
  private final int port;
  private final ShuntOptions options;
  private final Transport transport;
  private final ChannelGroup channels = new DefaultChannelGroup("shunt-backends", GlobalEventExecutor.INSTANCE);

  BackendConnector(URI swiftProxy, ShuntOptions options, Transport transport) {
    String scheme = swiftProxy.getScheme() == null ? "" : swiftProxy.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http")) {
      throw new IllegalArgumentException("the Swift proxy URL must be http://host:port, not " + swiftProxy);
    }
    if (swiftProxy.getHost() == null) {
      throw new IllegalArgumentException("the Swift proxy URL has no host: " + swiftProxy);
    }
    this.swiftProxy = swiftProxy;
    this.host = swiftProxy.getHost();
    this.port = swiftProxy.getPort() < 0 ? 80 : swiftProxy.getPort();
    this.options = options;
    this.transport = transport;
  }

  URI swiftProxy() {
    return swiftProxy;
  }

  /** Open connections to the Swift proxy. */
  ChannelGroup channels() {
    return channels;
  }

  /**
   * A bootstrap for a connection to a remote store on {@code loop} (see {@link RemoteDialer}): the
   * same transport, timeouts and watermarks as the Swift connections.
   */
  Bootstrap remote(EventLoop loop) {
    return new Bootstrap()
        .group(loop)
        .channel(transport.channel())
        .option(ChannelOption.AUTO_READ, false)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
            new WriteBufferWaterMark(options.writeBufferLow(), options.writeBufferHigh()));
  }

  /** Connects on {@code loop}; {@code handler} receives the decoded responses. */
  ChannelFuture connect(EventLoop loop, Supplier<BackendHandler> handler) {
    HttpDecoderConfig decoderConfig = new HttpDecoderConfig()
        .setMaxInitialLineLength(options.maxInitialLineLength())
        .setMaxHeaderSize(options.maxHeaderSize())
        .setMaxChunkSize(options.maxChunkSize());
    return new Bootstrap()
        .group(loop)
        .channel(transport.channel())
        .option(ChannelOption.AUTO_READ, false)
        // A failed write (Swift answered early and stopped reading) must not discard the answer
        // waiting in the receive buffer: the relay stops sending and reads it.
        .option(ChannelOption.AUTO_CLOSE, false)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
            new WriteBufferWaterMark(options.writeBufferLow(), options.writeBufferHigh()))
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            channels.add(ch);
            ch.pipeline().addLast("http", new BackendCodec(decoderConfig));
            ch.pipeline().addLast("relay", handler.get());
          }
        })
        .connect(new InetSocketAddress(host, port));
  }
}
