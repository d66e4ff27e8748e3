package io.cloudsync.sync.daemon;

import io.cloudsync.config.MappingConfig;
import io.cloudsync.config.SyncConfig;
import io.cloudsync.crawler.locate.LocalReplica;
import io.cloudsync.crawler.locate.ReplicaLocator;
import io.cloudsync.crawler.pending.PendingMerger;
import io.cloudsync.status.StatusStore;
import io.cloudsync.store.RemoteStore;
import io.cloudsync.swift.InternalProxyClient;
import io.cloudsync.swift.LocalSwiftException;
import io.cloudsync.sync.metrics.SyncMetrics;
import io.cloudsync.sync.pass.DeleteBudget;
import io.cloudsync.sync.pass.MappingHealth;
import io.cloudsync.sync.pass.MappingRuntime;
import io.cloudsync.sync.pass.ReplicaPass;
import io.cloudsync.sync.plan.RowPlanner;
import io.cloudsync.sync.transfer.ObjectSyncer;
import io.cloudsync.sync.work.WorkerPool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync daemon: every {@code poll_interval}, for each mapping and each of its containers, find
 * this node's replicas of the container DB and run a {@link ReplicaPass} over each. Containers
 * run in parallel ({@code enumerator_workers}); rows of all containers share one pool of
 * {@code workers} transfer threads.
 */
public final class SyncDaemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncDaemon.class);

  private final SyncConfig config;
  private final Clock clock;
  private final List<MappingRuntime> mappings;
  private final InternalProxyClient local;
  private final ReplicaLocator locator;
  private final PendingMerger pending;
  private final StatusStore status;
  private final WorkerPool workers;
  private final ExecutorService enumerators;
  private final SyncMetrics metrics;
  private final ReplicaPass.Settings passSettings;
  private final AtomicBoolean stopping = new AtomicBoolean();

  /**
   * @throws java.io.IOException when swift.conf or the container ring under {@code swift_dir}
   *     cannot be read
   */
  public SyncDaemon(SyncConfig config, Clock clock, StoreFactory stores, SyncMetrics metrics)
      throws java.io.IOException {
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.locator = new ReplicaLocator(config.swiftDir(), config.devices(), config.swiftBindIp(),
        config.swiftBindPort());
    this.local = new InternalProxyClient(config.internalProxyUrl(), config.workers() + config.enumeratorWorkers());
    this.pending = new PendingMerger();
    this.status = new StatusStore(config.statusDir(), clock);
    this.workers = new WorkerPool("sync-worker", config.workers());
    this.enumerators = Executors.newFixedThreadPool(config.enumeratorWorkers(), WorkerPool.named("sync-container"));
    this.passSettings = new ReplicaPass.Settings(config.itemsChunk(), config.verificationSlack(),
        Duration.ofHours(1));
    this.mappings = buildMappings(config, stores);
  }

  private List<MappingRuntime> buildMappings(SyncConfig config, StoreFactory stores) {
    List<MappingRuntime> built = new ArrayList<>();
    for (MappingConfig mapping : config.containers()) {
      String name = mapping.account() + "/" + mapping.container();
      try {
        RemoteStore store = stores.create(mapping);
        built.add(new MappingRuntime(mapping, store,
            new ObjectSyncer(local, store, mapping.archive(), config.dryRun()),
            new RowPlanner(mapping.propagateDelete(), Duration.ofSeconds(mapping.copyAfter())),
            new MappingHealth(name + " -> " + store.describe()),
            new DeleteBudget(config.maxDeletesPerPass() == null ? null : config.maxDeletesPerPass().longValue())));
      } catch (StoreFactory.UnsupportedTargetException | RuntimeException e) {
        LOG.error("mapping {} is skipped: {}", name, e.getMessage());
      }
    }
    return built;
  }

  public List<MappingRuntime> mappings() {
    return mappings;
  }

  public SyncMetrics metrics() {
    return metrics;
  }

  public StatusStore statusStore() {
    return status;
  }

  /** Runs passes until {@link #stop()}; each pass lasts at least {@code poll_interval}. */
  public void runForever() throws InterruptedException {
    while (!stopping.get()) {
      Instant start = clock.instant();
      runOnce();
      long sleep = config.pollInterval().toMillis() - Duration.between(start, clock.instant()).toMillis();
      synchronized (stopping) {
        if (sleep > 0 && !stopping.get()) {
          stopping.wait(sleep);
        }
      }
    }
  }

  /** One pass over every mapping: own rows, then other nodes' rows older than {@code verification_slack}. */
  public void runOnce() throws InterruptedException {
    Instant start = clock.instant();
    List<Future<Long>> running = new ArrayList<>();
    for (MappingRuntime mapping : mappings) {
      mapping.startPass();
      for (ContainerJob job : jobs(mapping)) {
        running.add(enumerators.submit(() -> crawl(job)));
      }
    }
    long rows = 0;
    for (Future<Long> future : running) {
      try {
        rows += future.get();
      } catch (java.util.concurrent.ExecutionException e) {
        LOG.error("container pass failed: {}", e.getCause().toString(), e.getCause());
      }
    }
    if (rows > 0) {
      LOG.info("pass done: {} containers, {} rows handled in {} ms", running.size(), rows,
          Duration.between(start, clock.instant()).toMillis());
    }
  }

  private List<ContainerJob> jobs(MappingRuntime mapping) {
    MappingConfig config = mapping.config();
    if (!config.perAccount()) {
      return List.of(new ContainerJob(mapping, config.account(), config.container()));
    }
    try {
      return local.listContainers(config.account()).stream()
          .filter(c -> !c.equals(".__checkpoint__"))
          .map(c -> new ContainerJob(mapping, config.account(), c))
          .toList();
    } catch (LocalSwiftException e) {
      mapping.health().block("cannot list containers of " + config.account() + ": " + e.getMessage());
      return List.of();
    }
  }

  private long crawl(ContainerJob job) {
    if (stopping.get() || job.mapping().health().isBlocked()) {
      return 0;
    }
    List<LocalReplica> replicas;
    try {
      replicas = locator.find(job.account(), job.container());
    } catch (RuntimeException e) {
      LOG.error("{}: cannot locate the container DB: {}", job, e.getMessage());
      return 0;
    }
    long rows = 0;
    for (LocalReplica replica : replicas) {
      if (!replica.exists()) {
        LOG.debug("{}: no local DB at {}; skipped", job, replica.dbFile());
        continue;
      }
      pending.mergeIfPending(replica);
      try {
        rows += new ReplicaPass(job.mapping(), replica, passSettings, status, workers, metrics, clock).run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return rows;
      } catch (Exception e) {
        LOG.error("{}: pass over {} failed: {}", job, replica.dbFile(), e.toString());
      }
    }
    if (replicas.isEmpty()) {
      LOG.debug("{}: no replica of this container on this node; skipped", job);
    }
    return rows;
  }

  /** Asks the loop to stop: no new rows are started, in-flight rows finish, cursors are saved. */
  public void stop() {
    stopping.set(true);
    for (MappingRuntime mapping : mappings) {
      mapping.health().stop();
    }
    synchronized (stopping) {
      stopping.notifyAll();
    }
  }

  @Override
  public void close() {
    stop();
    enumerators.shutdown();
    workers.close();
    for (MappingRuntime mapping : mappings) {
      mapping.store().close();
    }
    local.close();
  }
}
