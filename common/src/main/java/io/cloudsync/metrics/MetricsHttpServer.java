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

  /** One path, its content type, and its body. */
  public record Endpoint(String path, String contentType, Supplier<String> body) {}

  /**
   * Binds and starts serving.
   *
   * @param threadName the name of the serving thread
   * @throws IOException when the address cannot be bound
   */
  public MetricsHttpServer(InetSocketAddress bind, List<Endpoint> endpoints, String threadName) throws IOException {
    server = HttpServer.create(bind, 16);
    executor = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, threadName);
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    for (Endpoint endpoint : endpoints) {
      server.createContext(endpoint.path(), ex -> reply(ex, endpoint.contentType(), endpoint.body().get()));
    }
    server.start();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void reply(HttpExchange exchange, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(200, bytes.length);
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
