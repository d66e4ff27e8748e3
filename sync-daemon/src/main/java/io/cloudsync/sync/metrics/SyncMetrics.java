package io.cloudsync.sync.metrics;

import io.cloudsync.status.CursorEntry;
import io.cloudsync.sync.transfer.RowOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The daemon's Prometheus metrics: rows scanned, outcomes by kind, bytes copied, and per
 * container+target progress (rows behind, lag, retry and deferred queues).
 */
public final class SyncMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter rowsScanned;
  private final Counter bytesCopied;
  private final Counter passes;
  private final AtomicLong lastPassMillis = new AtomicLong();
  private final Map<RowOutcome.Kind, Counter> outcomes = new EnumMap<>(RowOutcome.Kind.class);
  private final Map<String, Progress> progress = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> alerts = new ConcurrentHashMap<>();

  /** Gauge values of one container and target. */
  private static final class Progress {
    final AtomicLong rowsBehind = new AtomicLong();
    final AtomicLong lagSeconds = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong deferred = new AtomicLong();
  }

  public SyncMetrics() {
    rowsScanned = Counter.builder("cloudsync_rows_scanned").description("container rows read").register(registry);
    bytesCopied = Counter.builder("cloudsync_bytes_copied").description("object bytes uploaded").register(registry);
    passes = Counter.builder("cloudsync_passes").description("passes over every mapping").register(registry);
    Gauge.builder("cloudsync_last_pass_seconds", lastPassMillis, m -> m.get() / 1000.0)
        .description("duration of the last pass").register(registry);
    for (RowOutcome.Kind kind : RowOutcome.Kind.values()) {
      outcomes.put(kind, Counter.builder("cloudsync_rows_handled")
          .description("rows handled, by outcome")
          .tag("outcome", kind.name().toLowerCase(java.util.Locale.ROOT))
          .register(registry));
    }
  }

  public MeterRegistry registry() {
    return registry;
  }

  public String scrape() {
    return registry.scrape();
  }

  public void rowsScanned(long rows) {
    rowsScanned.increment(rows);
  }

  public void outcome(RowOutcome outcome) {
    outcomes.get(outcome.kind()).increment();
    if (outcome.bytes() > 0) {
      bytesCopied.increment(outcome.bytes());
    }
  }

  /** Container rows read so far. */
  public long rowsScannedTotal() {
    return (long) rowsScanned.count();
  }

  /** A pass over every mapping ended after {@code millis}. */
  public void passDone(long millis) {
    passes.increment();
    lastPassMillis.set(millis);
  }

  public long count(RowOutcome.Kind kind) {
    return (long) outcomes.get(kind).count();
  }

  public void progress(String account, String container, String target, CursorEntry entry, Instant now) {
    Progress p = progress.computeIfAbsent(account + "\u0000" + container + "\u0000" + target, k -> {
      Progress created = new Progress();
      String[] tags = {"account", account, "container", container, "target", target};
      Gauge.builder("cloudsync_rows_behind", created.rowsBehind, AtomicLong::get).tags(tags).register(registry);
      Gauge.builder("cloudsync_lag_seconds", created.lagSeconds, AtomicLong::get)
          .description("age of the oldest row not yet synced").tags(tags).register(registry);
      Gauge.builder("cloudsync_retry_rows", created.retries, AtomicLong::get).tags(tags).register(registry);
      Gauge.builder("cloudsync_deferred_rows", created.deferred, AtomicLong::get).tags(tags).register(registry);
      return created;
    });
    p.rowsBehind.set(entry.rowsBehind());
    p.lagSeconds.set(entry.oldestPending() == null ? 0 : Math.max(0, now.getEpochSecond() - entry.oldestPending().getEpochSecond()));
    p.retries.set(entry.retries().size());
    p.deferred.set(entry.deferred().size());
  }

  /**
   * Raises (or clears) the alert for a sharded container that cannot be read whole: a shard DB
   * naming another root, shard DBs that cannot be read or listed.
   */
  public void shardedContainer(String account, String container, boolean unreadable) {
    if (unreadable) {
      alert("sharded_container", account, container).set(1);
    } else {
      AtomicLong known = alerts.get("sharded_container\u0000" + account + "\u0000" + container);
      if (known != null) {
        known.set(0);
      }
    }
  }

  public void deleteBudgetExhausted(String account, String container) {
    alert("max_deletes_per_pass", account, container).set(1);
  }

  private AtomicLong alert(String reason, String account, String container) {
    return alerts.computeIfAbsent(reason + "\u0000" + account + "\u0000" + container, k -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder("cloudsync_alert", value, AtomicLong::get)
          .description("1 when an operator must look: sharded container, delete safety valve")
          .tags("reason", reason, "account", account, "container", container)
          .register(registry);
      return value;
    });
  }
}
