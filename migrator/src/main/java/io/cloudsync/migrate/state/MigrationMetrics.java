package io.cloudsync.migrate.state;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Prometheus counters of {@code cloudsync migrate}, labelled by migration. */
public final class MigrationMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public void copied(String migration, long bytes) {
    counter("cloudsync_migrate_objects_copied", migration).increment();
    Counter.builder("cloudsync_migrate_bytes_copied").tag("migration", migration).register(registry)
        .increment(bytes);
  }

  public void deleted(String migration) {
    counter("cloudsync_migrate_deletes", migration).increment();
  }

  public void error(String migration) {
    counter("cloudsync_migrate_errors", migration).increment();
  }

  public void scanned(String migration, long objects) {
    Counter.builder("cloudsync_migrate_objects_scanned").tag("migration", migration).register(registry)
        .increment(objects);
  }

  private Counter counter(String name, String migration) {
    return Counter.builder(name).tag("migration", migration).register(registry);
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }
}
