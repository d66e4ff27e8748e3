package io.cloudsync.shunt.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.function.Supplier;

/**
 * The Netty transport of the shunt's sockets: Linux's native epoll where Netty's native library
 * loads (linux-x86_64), Java NIO elsewhere. Epoll costs less CPU per request than NIO's selector
 * (no selected-key sets, no per-wake-up garbage), and on a box where the Swift proxy competes for
 * the same cores every CPU-microsecond the shunt saves goes to Swift. The one place that picks
 * the transport: event loop groups and channel classes must come from the same choice.
 *
 * @param name "epoll" or "nio", for the log
 * @param unavailability why epoll is not used (null when it is)
 */
public record Transport(String name, Supplier<IoHandlerFactory> ioHandlers,
    Class<? extends ServerSocketChannel> serverChannel, Class<? extends SocketChannel> channel,
    String unavailability) {

  /** Epoll when available, otherwise NIO (with the reason in {@link #unavailability()}). */
  public static Transport best() {
    if (Epoll.isAvailable()) {
      return epoll();
    }
    Throwable cause = Epoll.unavailabilityCause();
    return new Transport("nio", NioIoHandler::newFactory, NioServerSocketChannel.class, NioSocketChannel.class,
        "native epoll unavailable: " + (cause == null ? "unknown reason" : cause.toString()));
  }

  /** Java NIO, available everywhere. */
  public static Transport nio() {
    return new Transport("nio", NioIoHandler::newFactory, NioServerSocketChannel.class, NioSocketChannel.class,
        "NIO requested");
  }

  private static Transport epoll() {
    return new Transport("epoll", EpollIoHandler::newFactory, EpollServerSocketChannel.class, EpollSocketChannel.class,
        null);
  }

  /** An event loop group of {@code threads} non-daemon threads named {@code prefix-N}. */
  public EventLoopGroup newGroup(int threads, String prefix) {
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(prefix), ioHandlers.get());
  }

  /** What the log says about this choice. */
  public String describe() {
    return unavailability == null ? name : name + " (" + unavailability + ")";
  }
}
