package io.cloudsync.shunt;

import io.cloudsync.shunt.metrics.ShuntMetrics;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Builds the pipeline of an accepted client connection: idle timer, HTTP codec, relay; or, over
 * the connection cap, a {@code 503} ({@link OverCapacity}).
 */
final class ClientInitializer extends ChannelInitializer<SocketChannel> {
  private final BackendConnector connector;
  private final Supplier<RequestClassifier> classifier;
  private final ShuntOptions options;
  private final ChannelGroup channels;
  private final HttpDecoderConfig decoderConfig;
  private final ShuntMetrics metrics;
  private final ConnectionCap cap;

  ClientInitializer(BackendConnector connector, Supplier<RequestClassifier> classifier, ShuntOptions options,
      ChannelGroup channels, ShuntMetrics metrics) {
    this.metrics = metrics;
    this.connector = connector;
    this.classifier = classifier;
    this.options = options;
    this.channels = channels;
    this.decoderConfig = new HttpDecoderConfig()
        .setMaxInitialLineLength(options.maxInitialLineLength())
        .setMaxHeaderSize(options.maxHeaderSize())
        .setMaxChunkSize(options.maxChunkSize());
    this.cap = new ConnectionCap(options.maxConnections());
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    if (!cap.admit(ch)) {
      metrics.rejectedConnection();
      ch.pipeline().addLast("over-capacity", new OverCapacity(options.lingerTimeout()));
      return;
    }
    channels.add(ch);
    ch.pipeline()
        .addLast("idle", new IdleStateHandler(0, 0, options.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
        .addLast("http", new ShuntServerCodec(decoderConfig.clone()))
        .addLast("relay", new FrontendHandler(connector, classifier, options, metrics));
  }
}
