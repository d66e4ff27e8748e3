package io.cloudsync.sync.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** Serves {@code /metrics} (Prometheus text), {@code /healthz} and {@code /status} (JSON) on {@code metrics_bind}. */
public final class MetricsServer implements AutoCloseable {
  private final HttpServer server;

  public MetricsServer(InetSocketAddress bind, SyncMetrics metrics, Supplier<String> statusJson) throws IOException {
    server = HttpServer.create(bind, 16);
    server.setExecutor(Executors.newSingleThreadExecutor(io.cloudsync.sync.work.WorkerPool.named("metrics-http")));
    server.createContext("/metrics", ex -> reply(ex, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
    server.createContext("/healthz", ex -> reply(ex, "text/plain; charset=utf-8", "ok\n"));
    server.createContext("/status", ex -> reply(ex, "application/json", statusJson.get()));
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
  }
}
