package io.cloudsync.sync.metrics;

import io.cloudsync.status.CursorEntry;
import io.cloudsync.sync.hold.DeleteHold;
import io.cloudsync.sync.transfer.RowOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

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
  private final Map<String, AtomicLong> heldCounts = new ConcurrentHashMap<>();
  private final Map<String, Counter> errors = new ConcurrentHashMap<>();
  private final Map<RowOutcome.Kind, Timer> latencies = new EnumMap<>(RowOutcome.Kind.class);
  private final Clock clock;
  /** Bytes uploaded per container and target ({@link #entryKey}), for {@code status}. */
  private final Map<String, AtomicLong> bytesByEntry = new ConcurrentHashMap<>();
  private final AtomicReference<Instant> lastPassEnd = new AtomicReference<>();

  /** Gauge values of one container and target. */
  private static final class Progress {
    final String name;
    final AtomicLong rowsBehind = new AtomicLong();
    /** Meta time of the oldest row not yet synced, null when caught up: lag is computed from it when read. */
    final AtomicReference<Instant> oldestPending = new AtomicReference<>();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong deferred = new AtomicLong();

    Progress(String name) {
      this.name = name;
    }

    Duration lag(Instant now) {
      Instant oldest = oldestPending.get();
      return oldest == null || oldest.isAfter(now) ? Duration.ZERO : Duration.between(oldest, now);
    }
  }

  public SyncMetrics() {
    this(Clock.systemUTC());
  }

  public SyncMetrics(Clock clock) {
    this.clock = clock;
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
      latencies.put(kind, Timer.builder("cloudsync_transfer")
          .description("time to handle one row (HEAD, upload, delete...), by outcome")
          .tag("outcome", kind.name().toLowerCase(java.util.Locale.ROOT))
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1))
          .maximumExpectedValue(Duration.ofMinutes(10))
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

  /** A row handled in {@code nanos}: counted by outcome, timed, and failures counted by cause. */
  public void outcome(RowOutcome outcome, long nanos) {
    latencies.get(outcome.kind()).record(nanos, TimeUnit.NANOSECONDS);
    if (outcome.kind() == RowOutcome.Kind.FAILED || outcome.kind() == RowOutcome.Kind.BLOCKED) {
      String cause = outcome.cause() == null ? "other" : outcome.cause();
      errors.computeIfAbsent(cause, c -> Counter.builder("cloudsync_errors")
          .description("rows that failed or blocked their mapping, by cause").tag("cause", c)
          .register(registry)).increment();
    }
    outcome(outcome);
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
    lastPassEnd.set(clock.instant());
  }

  /** When the last pass over every mapping ended, or null before the first. */
  public Instant lastPassEnd() {
    return lastPassEnd.get();
  }

  /** When the next pass is due ({@code poll_interval} after the last one started, or at once), or null. */
  public Instant nextPass(Duration pollInterval) {
    Instant end = lastPassEnd.get();
    if (end == null) {
      return null;
    }
    Instant due = end.minusMillis(lastPassMillis.get()).plus(pollInterval);
    return due.isBefore(end) ? end : due;
  }

  /** Bytes uploaded for a container and target. */
  public void copied(String account, String container, String target, long bytes) {
    bytesByEntry.computeIfAbsent(entryKey(account, container, target), k -> new AtomicLong()).addAndGet(bytes);
  }

  /** The key of {@link #bytesCopiedByEntry()}: {@code account/container|target}. */
  public static String entryKey(String account, String container, String target) {
    return account + "/" + container + "|" + target;
  }

  /** Continues the counts of a previous daemon. */
  public void seedBytesCopied(Map<String, Long> previous) {
    previous.forEach((k, v) -> bytesByEntry.computeIfAbsent(k, x -> new AtomicLong()).addAndGet(v));
  }

  public Map<String, Long> bytesCopiedByEntry() {
    Map<String, Long> out = new java.util.TreeMap<>();
    bytesByEntry.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  public long count(RowOutcome.Kind kind) {
    return (long) outcomes.get(kind).count();
  }

  public void progress(String account, String container, String target, CursorEntry entry, Instant now) {
    progress(account, container, target, entry, 0, now);
  }

  /**
   * Progress of a container and target: {@code unmerged} rows still in the DB's {@code .pending}
   * file (no ROWID yet) count as behind on top of the entry's own figures.
   */
  public void progress(String account, String container, String target, CursorEntry entry, long unmerged,
      Instant now) {
    Progress p = progress.computeIfAbsent(account + "\u0000" + container + "\u0000" + target, k -> {
      Progress created = new Progress(account + "/" + container + " -> " + target);
      String[] tags = {"account", account, "container", container, "target", target};
      Gauge.builder("cloudsync_rows_behind", created.rowsBehind, AtomicLong::get).tags(tags).register(registry);
      Gauge.builder("cloudsync_lag_seconds", created, g -> g.lag(clock.instant()).toSeconds())
          .description("age of the oldest row not yet synced").tags(tags).register(registry);
      Gauge.builder("cloudsync_retry_rows", created.retries, AtomicLong::get).tags(tags).register(registry);
      Gauge.builder("cloudsync_deferred_rows", created.deferred, AtomicLong::get).tags(tags).register(registry);
      return created;
    });
    p.rowsBehind.set(entry.rowsBehind() + unmerged);
    p.oldestPending.set(entry.oldestPending());
    p.retries.set(entry.retries().size());
    p.deferred.set(entry.deferred().size());
  }

  /** Lag of every container and target seen, by {@code account/container -> target}. */
  public Map<String, Duration> lags(Instant now) {
    Map<String, Duration> out = new java.util.TreeMap<>();
    progress.values().forEach(p -> out.put(p.name, p.lag(now)));
    return out;
  }

  /** After a pass: alert {@code blocked} of a mapping is 1 while it is blocked, 0 once it is not. */
  public void mappingBlocked(String account, String container, String target, boolean blocked) {
    String key = alertKey("blocked", account, container, target);
    if (blocked || alerts.containsKey(key)) {
      alert("blocked", account, container, target).set(blocked ? 1 : 0);
    }
  }

  /**
   * Raises (or clears) the alert for a sharded container that cannot be read whole: a shard DB
   * naming another root, shard DBs that cannot be read or listed.
   */
  public void shardedContainer(String account, String container, boolean unreadable) {
    String key = alertKey("sharded_container", account, container, "");
    if (unreadable || alerts.containsKey(key)) {
      alert("sharded_container", account, container, "").set(unreadable ? 1 : 0);
    }
  }

  /**
   * The delete hold of a container and target after a pass ({@code hold} null: none): alert
   * {@code deletes_held} is 1 while deletes are held, 0 once released; {@code cloudsync_deletes_held}
   * counts them.
   */
  public void deletesHeld(String account, String container, String target, DeleteHold hold) {
    String key = alertKey("deletes_held", account, container, target);
    if (hold == null && !alerts.containsKey(key)) {
      return;
    }
    AtomicLong alert = alert("deletes_held", account, container, target);
    boolean holding = hold != null && hold.holding();
    alert.set(holding ? 1 : 0);
    AtomicLong count = heldCounts.computeIfAbsent(key, k -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder("cloudsync_deletes_held", value, AtomicLong::get)
          .description("remote deletes held by max_deletes_per_pass until release-deletes")
          .tags("account", account, "container", container, "target", target).register(registry);
      return value;
    });
    count.set(holding ? hold.deletesHeld() : 0);
  }

  private static String alertKey(String reason, String account, String container, String target) {
    return reason + "\u0000" + account + "\u0000" + container + "\u0000" + target;
  }

  /** The gauge {@code cloudsync_alert{reason, account, container, target}} (one tag set for every reason). */
  private AtomicLong alert(String reason, String account, String container, String target) {
    return alerts.computeIfAbsent(alertKey(reason, account, container, target), k -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder("cloudsync_alert", value, AtomicLong::get)
          .description("1 while an operator must look (sharded container, deletes held, blocked mapping);"
              + " 0 once its cause is gone")
          .tags("reason", reason, "account", account, "container", container, "target", target)
          .register(registry);
      return value;
    });
  }
}
