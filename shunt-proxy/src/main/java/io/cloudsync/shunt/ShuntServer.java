package io.cloudsync.shunt;

import io.cloudsync.shunt.metrics.ShuntMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.cloudsync.shunt.transport.Transport;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shunt proxy: an HTTP/1.1 proxy in front of the Swift proxy that relays every request and
 * response unchanged (streamed both ways with back-pressure, keep-alive, chunked bodies,
 * {@code Expect: 100-continue}), except that object reads and listings of configured containers
 * may be answered by an {@link ArchiveReader} or {@link ListingSplicer} (see {@link ShuntRoutes}).
 *
 * <p>Threads: one acceptor thread ({@code shunt-accept}) and {@link ShuntOptions#ioThreads()}
 * event loop threads ({@code shunt-io-N}; native epoll where available, else NIO: see
 * {@link Transport}). Each client connection gets its own backend
 * connection to the Swift proxy on the same thread, opened on its first request and kept alive
 * between requests. Threads are not daemons: a running server keeps the JVM alive until
 * {@link #close()}.
 */
public final class ShuntServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShuntServer.class);

  private final EventLoopGroup acceptor;
  private final EventLoopGroup workers;
  private final ChannelGroup channels;
  private final Channel serverChannel;
  private final BackendConnector connector;
  private final AtomicReference<RequestClassifier> classifier;
  private final ShuntMetrics metrics;

  private ShuntServer(EventLoopGroup acceptor, EventLoopGroup workers, ChannelGroup channels,
      Channel serverChannel, BackendConnector connector, AtomicReference<RequestClassifier> classifier,
      ShuntMetrics metrics) {
    this.metrics = metrics;
    this.acceptor = acceptor;
    this.workers = workers;
    this.channels = channels;
    this.serverChannel = serverChannel;
    this.connector = connector;
    this.classifier = classifier;
  }

  /** Starts a pure pass-through proxy with default options. */
  public static ShuntServer start(InetSocketAddress listen, URI swiftProxy) throws IOException {
    return start(listen, swiftProxy, ShuntRoutes.none(), ShuntOptions.defaults());
  }

  /**
   * Binds {@code listen} (port 0 picks a free port; see {@link #localAddress()}) and starts
   * relaying to {@code swiftProxy} ({@code http://host:port}; a path is ignored).
   *
   * @throws IOException when the address cannot be bound
   * @throws IllegalArgumentException when {@code swiftProxy} is not an http URL
   */
  public static ShuntServer start(InetSocketAddress listen, URI swiftProxy, ShuntRoutes routes, ShuntOptions options)
      throws IOException {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(routes, "routes");
    Objects.requireNonNull(options, "options");
    Transport transport = Transport.best();
    BackendConnector connector = new BackendConnector(swiftProxy, options, transport);
    AtomicReference<RequestClassifier> classifier = new AtomicReference<>(new RequestClassifier(routes));
    EventLoopGroup acceptor = transport.newGroup(1, "shunt-accept");
    EventLoopGroup workers = transport.newGroup(options.ioThreads(), "shunt-io");
    ChannelGroup channels = new DefaultChannelGroup("shunt-clients", GlobalEventExecutor.INSTANCE);
    ShuntMetrics metrics = new ShuntMetrics();
    metrics.connections(channels::size);
    try {
      Channel server = new ServerBootstrap()
          .group(acceptor, workers)
          .channel(transport.serverChannel())
          .option(ChannelOption.SO_BACKLOG, 1024)
          .option(ChannelOption.SO_REUSEADDR, true)
          .childOption(ChannelOption.AUTO_READ, false)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
              new WriteBufferWaterMark(options.writeBufferLow(), options.writeBufferHigh()))
          .childHandler(new ClientInitializer(connector, classifier::get, options, channels, metrics))
          .bind(listen)
          .sync()
          .channel();
      ShuntServer shunt = new ShuntServer(acceptor, workers, channels, server, connector, classifier, metrics);
      log.info("shunt listening on {}, relaying to {} ({} intercepted routes, {} I/O threads, transport {})",
          shunt.localAddress(), swiftProxy, routes.size(), options.ioThreads(), transport.describe());
      return shunt;
    } catch (Exception e) {
      acceptor.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("cannot listen on " + listen + ": " + e.getMessage(), e);
    }
  }

  /** The bound address (with the actual port when started on port 0). */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  public URI swiftProxy() {
    return connector.swiftProxy();
  }

  public ShuntRoutes routes() {
    return classifier.get().routes();
  }

  /** Replaces the routes (e.g. after a configuration reload); requests already running keep theirs. */
  public void updateRoutes(ShuntRoutes routes) {
    classifier.set(new RequestClassifier(Objects.requireNonNull(routes, "routes")));
    log.info("shunt routes updated: {} intercepted routes", routes.size());
  }

  /** The shunt's metrics ({@code /metrics} when served). */
  public ShuntMetrics metrics() {
    return metrics;
  }

  /** Open client connections (for tests and metrics). */
  public int openConnections() {
    return channels.size();
  }

  /** Open connections to the Swift proxy (for tests and metrics). */
  public int openBackendConnections() {
    return connector.channels().size();
  }

  /**
   * Graceful stop (SIGTERM): stops listening, closes idle connections, lets requests in progress
   * finish (their connections close after the response) for up to {@code grace}, then
   * {@link #close()}s whatever is left.
   *
   * @return true when every connection finished within {@code grace}
   */
  public boolean shutdown(java.time.Duration grace) {
    serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    for (Channel channel : channels) {
      FrontendHandler handler = channel.pipeline().get(FrontendHandler.class);
      if (handler != null) {
        try {
          channel.eventLoop().execute(handler::drain);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          channel.close();
        }
      }
    }
    long deadline = System.nanoTime() + grace.toNanos();
    boolean clean = true;
    while (!channels.isEmpty()) {
      if (System.nanoTime() > deadline) {
        log.warn("shunt stopping: {} connections still busy after {} s; closing them", channels.size(),
            grace.toSeconds());
        clean = false;
        break;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        clean = false;
        break;
      }
    }
    close();
    return clean;
  }

  /** Stops listening, closes every connection and stops the threads. */
  @Override
  public void close() {
    serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    connector.channels().close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 5, TimeUnit.SECONDS);
    acceptor.terminationFuture().awaitUninterruptibly(10, TimeUnit.SECONDS);
    workers.terminationFuture().awaitUninterruptibly(10, TimeUnit.SECONDS);
  }
}
