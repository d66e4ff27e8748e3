package io.cloudsync.shunt.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The shunt's Prometheus metrics: requests by kind, archive reads and changes by result, archived bytes sent,
 * open client connections and those turned away over the cap. Thread-safe; counting costs an atomic add.
 */
public final class ShuntMetrics {
  /** What the shunt did with a request. */
  public enum RequestKind { PASS_THROUGH, OBJECT_READ, LISTING, OBJECT_CHANGE }

  /** How an object read that Swift answered with 404 ended. */
  public enum ArchiveResult {
    /** Answered from the archive (any status the archive gave: 200, 206, 304, 412, 416…). */
    SERVED,
    /** Not in the archive either: Swift's own 404 went to the client. */
    NOT_ARCHIVED,
    /** The archive could not be read: 502. */
    FAILED
  }

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<RequestKind, Counter> requests = new EnumMap<>(RequestKind.class);
  private final Map<ArchiveResult, Counter> archiveReads = new EnumMap<>(ArchiveResult.class);
  private final Map<ArchiveResult, Counter> archiveChanges = new EnumMap<>(ArchiveResult.class);
  private final Counter archivedBytes;
  private final Counter rejectedConnections;

  public ShuntMetrics() {
    for (RequestKind kind : RequestKind.values()) {
      requests.put(kind, Counter.builder("cloudsync_shunt_requests")
          .description("client requests, by what the shunt does with them")
          .tag("kind", kind.name().toLowerCase(Locale.ROOT)).register(registry));
    }
    for (ArchiveResult result : ArchiveResult.values()) {
      archiveReads.put(result, Counter.builder("cloudsync_shunt_archive_reads")
          .description("object reads Swift answered with 404, by how they ended")
          .tag("result", result.name().toLowerCase(Locale.ROOT)).register(registry));
    }
    for (ArchiveResult result : ArchiveResult.values()) {
      archiveChanges.put(result, Counter.builder("cloudsync_shunt_archive_changes")
          .description("object DELETE/POST Swift answered with 404, by how they ended (served: the archived copy"
              + " was deleted or changed)")
          .tag("result", result.name().toLowerCase(Locale.ROOT)).register(registry));
    }
    archivedBytes = Counter.builder("cloudsync_shunt_archived_bytes")
        .description("bytes of archived objects sent to clients").register(registry);
    rejectedConnections = Counter.builder("cloudsync_shunt_rejected_connections")
        .description("client connections answered 503 and closed: --max-connections were open").register(registry);
  }

  /** Reports the number of open client connections from {@code open}. */
  public void connections(IntSupplier open) {
    Gauge.builder("cloudsync_shunt_client_connections", open::getAsInt)
        .description("open client connections").register(registry);
  }

  public void request(RequestKind kind) {
    requests.get(kind).increment();
  }

  public void archiveRead(ArchiveResult result) {
    archiveReads.get(result).increment();
  }

  public void archiveChange(ArchiveResult result) {
    archiveChanges.get(result).increment();
  }

  public void archivedBytes(long bytes) {
    archivedBytes.increment(bytes);
  }

  /** A client connection was turned away: the connection cap was reached. */
  public void rejectedConnection() {
    rejectedConnections.increment();
  }

  /** The Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }
}
