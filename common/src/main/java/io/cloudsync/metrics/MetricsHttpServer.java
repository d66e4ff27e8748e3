package io.cloudsync.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A small HTTP server for a process's text endpoints ({@code /metrics}, {@code /healthz},
 * {@code /status}): one named daemon thread, every answer computed on request.
 */
public final class MetricsHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  /** One path, its content type, and its body (always 200). */
  public record Endpoint(String path, String contentType, Supplier<String> body) {
    Route route() {
      return new Route(path, contentType, () -> new Reply(200, body.get()));
    }
  }

  /** An answer: status code and body. */
  public record Reply(int status, String body) {}

  /** One path, its content type, and its answer (any status, e.g. 503 from a health check). */
  public record Route(String path, String contentType, Supplier<Reply> reply) {}

  /**
   * Binds and starts serving.
   *
   * @param threadName the name of the serving thread
   * @throws IOException when the address cannot be bound
   */
  public MetricsHttpServer(InetSocketAddress bind, List<Endpoint> endpoints, String threadName) throws IOException {
    this(threadName, bind, endpoints.stream().map(Endpoint::route).toList());
  }

  /** Binds and starts serving routes that choose their status code. */
  public static MetricsHttpServer routes(InetSocketAddress bind, List<Route> routes, String threadName)
      throws IOException {
    return new MetricsHttpServer(threadName, bind, routes);
  }

  private MetricsHttpServer(String threadName, InetSocketAddress bind, List<Route> routes) throws IOException {
    server = HttpServer.create(bind, 16);
    executor = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, threadName);
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    for (Route route : routes) {
      server.createContext(route.path(), ex -> reply(ex, route.contentType(), route.reply().get()));
    }
    server.start();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void reply(HttpExchange exchange, String type, Reply reply) throws IOException {
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(reply.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
