package io.cloudsync.sync.daemon;

import io.cloudsync.config.MappingConfig;
import io.cloudsync.config.SyncConfig;
import io.cloudsync.crawler.locate.LocalReplica;
import io.cloudsync.crawler.locate.ReplicaLocator;
import io.cloudsync.crawler.pending.PendingMerger;
import io.cloudsync.crawler.policy.StoragePolicies;
import io.cloudsync.crawler.shard.CrawlDb;
import io.cloudsync.crawler.shard.CrawlPlan;
import io.cloudsync.crawler.shard.CrawlPlanner;
import io.cloudsync.crawler.shard.DbFactsCache;
import io.cloudsync.status.StatusStore;
import io.cloudsync.store.RemoteStore;
import io.cloudsync.store.EgressProxy;
import io.cloudsync.store.RemoteTarget;
import io.cloudsync.store.StoreFactory;
import io.cloudsync.store.UnsupportedTargetException;
import io.cloudsync.local.InternalProxyClient;
import io.cloudsync.local.LocalSwiftException;
import io.cloudsync.sync.containersync.HeaderSyncs;
import io.cloudsync.sync.metrics.SyncMetrics;
import io.cloudsync.sync.objectserver.ObjectServerReader;
import io.cloudsync.sync.hold.DeleteGuard;
import io.cloudsync.sync.hold.HoldStore;
import io.cloudsync.sync.recovery.StaleUploads;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * {@code workers} transfer threads. Between two passes, a container whose DB directory is
 * written to is crawled at once ({@link ChangeWatcher}), so a change does not wait for the poll.
 */
public final class SyncDaemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncDaemon.class);
  /** How long a first change waits for the rest of its burst before its containers are crawled. */
  private static final Duration CHANGE_SETTLE = Duration.ofMillis(50);

  private final SyncConfig config;
  private final Clock clock;
  private final List<MappingRuntime> mappings;
  /** Under {@code dry_run}: the summary lines of the last pass, one per mapping. */
  private final List<String> dryRunSummaries = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Mappings that could not be started, with the reason. */
  private final List<String> skipped = new ArrayList<>();
  private final InternalProxyClient local;
  /** Null unless {@code direct_object_reads}. */
  private final ObjectServerReader objectServers;
  private final ReplicaLocator locator;
  /** Which DB files to read for a container: its own, and its shard DBs once it shards. */
  private final CrawlPlanner planner;
  private final ShardListings shardListings;
  private final PendingMerger pending;
  private final StatusStore status;
  private final HoldStore holds;
  private final StaleUploads staleUploads;
  private final WorkerPool workers;
  private final ExecutorService enumerators;
  private final SyncMetrics metrics;
  private final ReplicaPass.Settings passSettings;
  /** Null unless {@code sync_to_header}: the containers configured by their X-Container-Sync-To. */
  private final HeaderSyncs headerSyncs;
  private final AtomicBoolean stopping = new AtomicBoolean();
  /** Container DB directories written since the last look: their containers are crawled before the next pass. */
  private volatile ChangeWatcher<ContainerJob> changes = ChangeWatcher.none();
  /** Replicas a pass found settled: skipped while their DB file is unchanged, until the time given. */
  private final java.util.Map<String, Quiet> quiet = new java.util.concurrent.ConcurrentHashMap<>();
  /** Replicas looked at in the current pass: entries of {@link #quiet} not among them are dropped. */
  private final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** DB files planned in the current pass: cached facts of the others are dropped. */
  private final java.util.Set<java.nio.file.Path> seenFiles = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** The DB file as a settled pass saw it, and until when nothing can be due in it without a change. */
  private record Quiet(FileStamp stamp, Instant until) {}

  /** Size and modification time of a DB file. */
  private record FileStamp(long size, java.nio.file.attribute.FileTime mtime) {
    static FileStamp of(java.nio.file.Path file) {
      try {
        java.nio.file.attribute.BasicFileAttributes a =
            java.nio.file.Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
        return new FileStamp(a.size(), a.lastModifiedTime());
      } catch (java.io.IOException e) {
        return null;
      }
    }
  }

  /**
   * @throws java.io.IOException when swift.conf or the container ring under {@code swift_dir}
   *     cannot be read
   */
  public SyncDaemon(SyncConfig config, Clock clock, StoreFactory storeFactory, SyncMetrics metrics)
      throws java.io.IOException {
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.locator = new ReplicaLocator(config.swiftDir(), config.devices(), config.swiftBindIp(),
        config.swiftBindPort());
    Map<MappingConfig, RemoteStore> stores = buildStores(config, storeFactory);
    // rows (workers), container listings (enumerators) and large-object part reads (per mapping) share it
    this.local = new InternalProxyClient(config.internalProxyUrl(), config.workers() + config.enumeratorWorkers()
        + stores.values().stream().mapToInt(RemoteStore::partThreads).sum());
    this.objectServers = config.directObjectReads()
        ? new ObjectServerReader(config.swiftDir(), locator.hashPath(),
            StoragePolicies.load(config.swiftDir().resolve("swift.conf")), config.swiftBindIp(), config.workers(),
            metrics.registry())
        : null;
    this.pending = new PendingMerger();
    this.planner = new CrawlPlanner(locator, new DbFactsCache(clock));
    this.shardListings = new ShardListings(local);
    this.status = new StatusStore(config.statusDir(), clock);
    this.holds = HoldStore.load(config.statusDir());
    this.staleUploads = new StaleUploads(clock.instant());
    this.workers = new WorkerPool("sync-worker", config.workers());
    this.enumerators = Executors.newFixedThreadPool(config.enumeratorWorkers(), WorkerPool.named("sync-container"));
    this.passSettings = new ReplicaPass.Settings(config.itemsChunk(), config.verificationSlack(),
        Duration.ofHours(1), config.dryRun());
    this.mappings = buildMappings(config, stores);
    this.headerSyncs = config.containerSync().syncToHeader()
        ? new HeaderSyncs(config.containerSync(), config.devices(), config.statusDir(), clock, storeFactory, config.workers(), this::runtime)
        : null;
  }

  /** The store of every mapping this version can write to, in config order; the others are logged and skipped. */
  private Map<MappingConfig, RemoteStore> buildStores(SyncConfig config, StoreFactory factory) {
    Map<MappingConfig, RemoteStore> stores = new LinkedHashMap<>();
    for (MappingConfig mapping : config.containers()) {
      try {
        stores.put(mapping, factory.store(RemoteTarget.of(mapping, config.workers(), EgressProxy.of(config))));
      } catch (UnsupportedTargetException | RuntimeException e) {
        String name = mapping.account() + "/" + mapping.container();
        LOG.error("mapping {} is skipped: {}", name, e.getMessage());
        skipped.add(name + ": skipped: " + e.getMessage());
      }
    }
    return stores;
  }

  /**
   * The mappings that could not start (a target this version cannot write to), and the
   * header-driven containers the last pass could not sync at all, with why.
   */
  public List<String> skippedMappings() {
    if (headerSyncs == null) {
      return List.copyOf(skipped);
    }
    List<String> all = new ArrayList<>(skipped);
    all.addAll(headerSyncs.unsynced());
    return all;
  }

  private List<MappingRuntime> buildMappings(SyncConfig config, Map<MappingConfig, RemoteStore> stores) {
    List<MappingRuntime> built = new ArrayList<>();
    stores.forEach((mapping, store) -> built.add(runtime(mapping, store)));
    return built;
  }

  /** The runtime of one mapping (configured, or a header-driven container's) around its store. */
  private MappingRuntime runtime(MappingConfig mapping, RemoteStore store) {
    String name = mapping.account() + "/" + mapping.container();
    return new MappingRuntime(mapping, store,
        new ObjectSyncer(local, objectServers, store, mapping.archive(), config.dryRun(), staleUploads.processStart()),
        new RowPlanner(mapping.propagateDelete(), Duration.ofSeconds(mapping.copyAfter())),
        new MappingHealth(name + " -> " + store.describe(), clock),
        new DeleteGuard(config.maxDeletesPerPass() == null ? null : config.maxDeletesPerPass().longValue(), holds));
  }

  /** The configured mappings, then the header-driven containers found by the last pass ({@code sync_to_header}). */
  public List<MappingRuntime> mappings() {
    if (headerSyncs == null) {
      return mappings;
    }
    List<MappingRuntime> all = new ArrayList<>(mappings);
    all.addAll(headerSyncs.runtimes());
    return all;
  }

  public SyncMetrics metrics() {
    return metrics;
  }

  public StatusStore statusStore() {
    return status;
  }

  /** The delete holds of this node ({@code max_deletes_per_pass}). */
  public HoldStore holds() {
    return holds;
  }

  /**
   * Runs passes until {@link #stop()}, one every {@code poll_interval} (or back to back when a
   * pass takes longer); between passes, containers written to are crawled as they change. While it
   * runs, SIGTERM and SIGINT call {@link #stop()} instead of the JVM's default handler (which
   * would start the JVM's shutdown at once and exit 143 whatever the daemon does): the pass in
   * progress finishes its in-flight rows, cursors are saved, this method returns and the process
   * can exit 0. A second signal exits at once.
   */
  public void runForever() throws InterruptedException {
    stopOnSignal("TERM");
    stopOnSignal("INT");
    changes = ChangeWatcher.start("sync-watch", CHANGE_SETTLE); // only a running daemon watches, not --once
    while (!stopping.get()) {
      Instant due = clock.instant().plus(config.pollInterval());
      runOnce();
      // until the next pass is due, crawl the containers whose DB directory was written to
      while (!stopping.get()) {
        Duration left = Duration.between(clock.instant(), due);
        Set<ContainerJob> changed = left.isNegative() || left.isZero() ? Set.of() : changes.await(left);
        if (changed.isEmpty()) {
          break;
        }
        runChanged(changed);
      }
    }
  }

  /** Crawls the containers a watched write touched, between two passes. */
  private void runChanged(Set<ContainerJob> jobs) throws InterruptedException {
    Instant start = clock.instant();
    long rows = crawlAll(jobs);
    LOG.debug("changed containers: {} crawled, {} rows handled in {} ms", jobs.size(), rows,
        Duration.between(start, clock.instant()).toMillis());
  }

  /** Under {@code dry_run}, what the last pass would have done, one line per mapping; else empty. */
  public List<String> dryRunSummaries() {
    return List.copyOf(dryRunSummaries);
  }

  /** One pass over every mapping: own rows, then other nodes' rows older than {@code verification_slack}. */
  public void runOnce() throws InterruptedException {
    Instant start = clock.instant();
    dryRunSummaries.clear();
    long scannedBefore = metrics.rowsScannedTotal();
    seen.clear();
    seenFiles.clear();
    shardListings.newPass();
    List<ContainerJob> jobs = new ArrayList<>();
    for (MappingRuntime mapping : mappings) {
      mapping.startPass();
      jobs.addAll(jobs(mapping));
    }
    if (headerSyncs != null) {
      headerSyncs.pass().forEach(h -> jobs.add(new ContainerJob(h.runtime(), h.account(), h.container())));
    }
    long rows = crawlAll(jobs);
    if (!stopping.get()) {
      quiet.keySet().retainAll(seen); // containers deleted or no longer local
      holds.sweepReleases();
      planner.retainOnly(seenFiles);
    }
    for (MappingRuntime mapping : mappings) {
      mapping.health().passEnded();
      metrics.mappingBlocked(mapping.config().account(), mapping.config().container(), mapping.config().targetId(),
          mapping.health().blockedState() != null);
    }
    if (config.dryRun()) {
      for (MappingRuntime mapping : mappings) {
        String summary = "dry run: " + mapping.name() + ": " + mapping.dryRun().takeSummary();
        LOG.info("{}", summary);
        dryRunSummaries.add(summary);
      }
    }
    long millis = Duration.between(start, clock.instant()).toMillis();
    long scanned = metrics.rowsScannedTotal() - scannedBefore;
    metrics.passDone(millis);
    if (rows > 0 || (scanned > 0 && millis >= 1000)) {
      LOG.info("pass done: {} containers, {} rows scanned, {} rows handled in {} ms", jobs.size(), scanned,
          rows, millis);
    } else {
      LOG.debug("pass done: {} containers, {} rows scanned in {} ms", jobs.size(), scanned, millis);
    }
  }

  /** Crawls the containers in parallel ({@code enumerator_workers}); returns the rows handled. */
  private long crawlAll(java.util.Collection<ContainerJob> jobs) throws InterruptedException {
    List<Future<Long>> running = new ArrayList<>();
    for (ContainerJob job : jobs) {
      running.add(enumerators.submit(() -> crawl(job)));
    }
    long rows = 0;
    for (Future<Long> future : running) {
      try {
        rows += future.get();
      } catch (java.util.concurrent.ExecutionException e) {
        LOG.error("container pass failed: {}", e.getCause().toString(), e.getCause());
      }
    }
    return rows;
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
    if (stopping.get()) {
      return 0;
    }
    CrawlPlan plan;
    try {
      plan = planner.plan(job.account(), job.container(), shardListings);
    } catch (java.io.IOException | RuntimeException e) {
      String reason = "cannot read the container DB of " + job.account() + "/" + job.container() + ": "
          + e.getMessage();
      LOG.error("{}: {}; NOT synced in this pass", job, reason);
      job.mapping().health().passFailed(reason);
      return 0;
    }
    for (String problem : plan.problems()) {
      LOG.error("{}: sharded container: {}", job, problem);
      job.mapping().health().passFailed(problem);
    }
    metrics.shardedContainer(job.account(), job.container(), !plan.problems().isEmpty());
    long rows = 0;
    java.util.Set<LocalReplica> merged = new java.util.HashSet<>();
    for (CrawlDb db : plan.dbs()) {
      LocalReplica replica = db.replica();
      changes.watch(db.file().getParent(), job);
      if (merged.add(replica)) {
        pending.mergeIfPending(replica);
      }
      if (job.mapping().health().isBlocked()) {
        // nothing is sent, but merged rows keep rows-behind truthful in status, and the gauges
        // are refreshed from the DB and what is still pending
        publishBlockedProgress(job, db);
        continue;
      }
      if (!passSettings.dryRun()) {
        staleUploads.sweepOnce(job.mapping(), replica);
      }
      // A quiet DB costs a stat per pass: no DB open, no status read. Any write to the DB
      // (merged .pending rows, replication, cleaving) changes its size or mtime; an mtime younger
      // than 2 s is never trusted (coarse file-system clocks), so such a DB is always read.
      String memoKey = job.mapping().config().targetId() + "|" + db.file() + "|" + replica.nodeIndex()
          + "/" + replica.nodeCount();
      seen.add(memoKey);
      seenFiles.add(db.file());
      FileStamp stamp = FileStamp.of(db.file());
      Instant now = clock.instant();
      Quiet known = quiet.get(memoKey);
      if (known != null && known.stamp().equals(stamp) && now.isBefore(known.until())) {
        continue;
      }
      quiet.remove(memoKey);
      try {
        ReplicaPass pass = new ReplicaPass(job.mapping(), db, passSettings, status, workers, metrics, clock);
        rows += pass.run();
        Instant until = pass.quietUntil();
        if (until != null && stamp != null && stamp.mtime().toInstant().isBefore(now.minusSeconds(2))) {
          quiet.put(memoKey, new Quiet(stamp, until));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return rows;
      } catch (java.nio.file.NoSuchFileException e) {
        // Swift unlinks a retiring DB when sharding ends, and a shard DB when it shrank away:
        // the next pass plans without it.
        LOG.debug("{}: {} vanished since the pass was planned; skipped", job, db);
      } catch (Exception e) {
        String reason = "cannot read " + db + ": " + e.getMessage();
        LOG.error("{}: {}", job, reason);
        job.mapping().health().passFailed(reason);
      }
    }
    if (plan.sharded() && !config.dryRun()) {
      StatusPruning.prune(status, job.account(), job.container(), plan);
    }
    if (plan.dbs().isEmpty()) {
      LOG.debug("{}: no DB of this container on this node; skipped", job);
    }
    return rows;
  }

  private void publishBlockedProgress(ContainerJob job, CrawlDb db) {
    try {
      new ReplicaPass(job.mapping(), db, passSettings, status, workers, metrics, clock).publishProgress();
    } catch (java.io.IOException | RuntimeException e) {
      LOG.debug("{}: cannot refresh rows behind of {} while blocked: {}", job, db, e.toString());
    }
  }

  private void stopOnSignal(String name) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
        if (stopping.get()) {
          LOG.warn("SIG{} again: exiting now, without waiting for in-flight transfers", name);
          Runtime.getRuntime().halt(128 + signal.getNumber());
        }
        LOG.info("SIG{}: stopping; in-flight transfers finish and cursors are saved", name);
        stop();
      });
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LOG.debug("cannot handle SIG{} ({}); the JVM's default handling applies", name, e.getMessage());
    }
  }

  /** Asks the loop to stop: no new rows are started, in-flight rows finish, cursors are saved. */
  public void stop() {
    stopping.set(true);
    for (MappingRuntime mapping : mappings) {
      mapping.health().stop();
    }
    if (headerSyncs != null) {
      headerSyncs.stop();
    }
    changes.wake();
  }

  @Override
  public void close() {
    stop();
    changes.close();
    enumerators.shutdown();
    workers.close();
    for (MappingRuntime mapping : mappings) {
      mapping.store().close();
    }
    if (headerSyncs != null) {
      headerSyncs.close();
    }
    local.close();
    if (objectServers != null) {
      objectServers.close();
    }
  }
}
