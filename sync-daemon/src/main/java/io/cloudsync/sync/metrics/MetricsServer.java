package io.cloudsync.sync.metrics;

import io.cloudsync.metrics.MetricsHttpServer;
import io.cloudsync.metrics.MetricsHttpServer.Endpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Supplier;

/** Serves {@code /metrics} (Prometheus text), {@code /healthz} and {@code /status} (JSON) on {@code metrics_bind}. */
public final class MetricsServer implements AutoCloseable {
  private final MetricsHttpServer server;

  public MetricsServer(InetSocketAddress bind, SyncMetrics metrics, Supplier<String> statusJson) throws IOException {
    server = new MetricsHttpServer(bind, List.of(
        new Endpoint("/metrics", "text/plain; version=0.0.4; charset=utf-8", metrics::scrape),
        new Endpoint("/healthz", "text/plain; charset=utf-8", () -> "ok\n"),
        new Endpoint("/status", "application/json", statusJson)), "metrics-http-1");
  }

  public InetSocketAddress address() {
    return server.address();
  }

  @Override
  public void close() {
    server.close();
  }
}
