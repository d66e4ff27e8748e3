package io.cloudsync.sync.metrics;

import io.cloudsync.metrics.MetricsHttpServer;
import io.cloudsync.metrics.MetricsHttpServer.Reply;
import io.cloudsync.metrics.MetricsHttpServer.Route;
import io.cloudsync.sync.health.HealthCheck;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Supplier;

/**
 * Serves {@code /metrics} (Prometheus text), {@code /healthz} (200 "ok", or 503 with one reason per
 * line: {@link HealthCheck}) and {@code /status} (JSON) on {@code metrics_bind}.
 */
public final class MetricsServer implements AutoCloseable {
  private final MetricsHttpServer server;

  public MetricsServer(InetSocketAddress bind, SyncMetrics metrics, HealthCheck health, Supplier<String> statusJson)
      throws IOException {
    server = MetricsHttpServer.routes(bind, List.of(
        new Route("/metrics", "text/plain; version=0.0.4; charset=utf-8", () -> new Reply(200, metrics.scrape())),
        new Route("/healthz", "text/plain; charset=utf-8", () -> {
          HealthCheck.Verdict verdict = health.evaluate();
          return new Reply(verdict.healthy() ? 200 : 503, verdict.text());
        }),
        new Route("/status", "application/json", () -> new Reply(200, statusJson.get()))), "metrics-http-1");
  }

  public InetSocketAddress address() {
    return server.address();
  }

  @Override
  public void close() {
    server.close();
  }
}
