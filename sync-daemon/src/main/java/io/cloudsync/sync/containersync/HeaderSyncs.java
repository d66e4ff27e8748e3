package io.cloudsync.sync.containersync;

import io.cloudsync.config.ContainerSyncSettings;
import io.cloudsync.config.ListingDuplicates;
import io.cloudsync.config.MappingConfig;
import io.cloudsync.config.Protocol;
import io.cloudsync.config.Secret;
import io.cloudsync.containersync.RealmsFile;
import io.cloudsync.containersync.SyncTo;
import io.cloudsync.containersync.SyncToResolver;
import io.cloudsync.crawler.syncto.SyncToContainer;
import io.cloudsync.crawler.syncto.SyncToScanner;
import io.cloudsync.logging.LogSafe;
import io.cloudsync.store.ContainerSyncTarget;
import io.cloudsync.store.RemoteStore;
import io.cloudsync.store.StoreFactory;
import io.cloudsync.store.UnsupportedTargetException;
import io.cloudsync.sync.pass.MappingRuntime;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The header-driven containers of this node, pass by pass. Each pass scans the local container DBs
 * ({@link SyncToScanner}), resolves each {@code X-Container-Sync-To} (realms file, allowed hosts)
 * and keeps one {@link MappingRuntime} per container while its sync-to value, its key and what they
 * resolve to stay the same. A changed value gets a new runtime, whose status entry is a new one
 * (the target id covers the value), so the container is synced again from its first row, as Swift
 * resets its sync points; a removed header retires the runtime. Containers with object versioning
 * are skipped and reported, as Swift's daemon does; values Swift would refuse are reported once.
 * Used by the daemon's loop thread only.
 */
public final class HeaderSyncs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HeaderSyncs.class);
  /** The identity status entries of header-driven containers record as their "user". */
  static final String IDENTITY = "container-sync";

  /** One container to crawl in this pass. */
  public record Job(MappingRuntime runtime, String account, String container) {}

  /** What a runtime was built from: any change builds a new one. */
  private record Basis(String syncTo, String syncKey, SyncTo.Target target) {}

  private record Active(Basis basis, MappingRuntime runtime) {}

  private final SyncToScanner scanner;
  private final SyncToResolver resolver;
  private final StoreFactory stores;
  private final int maxConnections;
  private final BiFunction<MappingConfig, RemoteStore, MappingRuntime> runtimes;
  private final Map<String, Active> active = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<MappingRuntime> retired = new ArrayList<>();
  /** Problems already reported, so each is logged once while it lasts. */
  private Set<String> reported = new HashSet<>();
  /** Containers the last pass could not sync at all, with why (versioned ones too: skipped, as Swift does). */
  private volatile List<String> unsynced = List.of();
  private final List<String> failing = new ArrayList<>();

  /**
   * @param runtimes builds the runtime of one container's synthetic mapping around its store
   */
  /** Beside the status files: stamps of the container DBs that are not sync containers. */
  static final String SCAN_CACHE = ".sync-to-scan";

  /**
   * @param statusDir where the scan cache is kept ({@value #SCAN_CACHE})
   */
  public HeaderSyncs(ContainerSyncSettings settings, Path devices, Path statusDir, Clock clock, StoreFactory stores,
      int maxConnections, BiFunction<MappingConfig, RemoteStore, MappingRuntime> runtimes) {
    this.scanner = new SyncToScanner(devices, statusDir.resolve(SCAN_CACHE));
    this.resolver = new SyncToResolver(new RealmsFile(settings.realmsConf(), clock), settings.allowedSyncHosts());
    this.stores = stores;
    this.maxConnections = maxConnections;
    this.runtimes = runtimes;
  }

  /** Scans for header-driven containers and starts a pass on each one's runtime. */
  public List<Job> pass() {
    closeRetired();
    failing.clear();
    Set<String> problems = new HashSet<>();
    Set<String> present = new HashSet<>();
    List<Job> jobs = new ArrayList<>();
    long start = System.nanoTime();
    List<SyncToContainer> scanned = scanner.scan();
    long millis = (System.nanoTime() - start) / 1_000_000;
    if (millis >= 1000) {
      LOG.info("container DBs scanned for X-Container-Sync-To in {} ms: {} sync containers", millis, scanned.size());
    }
    for (SyncToContainer found : scanned) {
      String key = found.account() + "/" + found.container();
      String name = LogSafe.text(key);
      if (found.versioned()) {
        report(problems, key + "|versioned", "container {} has object versioning: not synced to {} (Swift's"
            + " container-sync skips such containers too)", name, LogSafe.text(found.syncTo()));
        failing.add(name + ": has object versioning: not synced (as Swift's container-sync)");
        continue;
      }
      SyncTo resolved = resolver.resolve(found.syncTo());
      if (resolved instanceof SyncTo.Invalid invalid) {
        report(problems, key + "|" + found.syncTo(), "container {}: X-Container-Sync-To is not usable, not synced:"
            + " {}", name, LogSafe.text(invalid.reason()));
        failing.add(name + ": X-Container-Sync-To is not usable: " + LogSafe.text(invalid.reason()));
        continue;
      }
      if (!(resolved instanceof SyncTo.Target target)) {
        continue;
      }
      Basis basis = new Basis(found.syncTo(), found.syncKey(), target);
      Active current = active.get(key);
      if (current == null || !current.basis().equals(basis)) {
        if (current != null) {
          LOG.info("container {}: X-Container-Sync-To or its key changed; syncing to {} from the first row",
              name, target.containerUrl());
          retire(current.runtime());
        }
        current = start(found, basis, problems);
        if (current == null) {
          active.remove(key);
          continue;
        }
        active.put(key, current);
      }
      present.add(key);
      current.runtime().startPass();
      jobs.add(new Job(current.runtime(), found.account(), found.container()));
    }
    for (Map.Entry<String, Active> gone : Map.copyOf(active).entrySet()) {
      if (!present.contains(gone.getKey())) {
        LOG.info("container {}: no X-Container-Sync-To any more (or deleted); its sync stops",
            LogSafe.text(gone.getKey()));
        retire(gone.getValue().runtime());
        active.remove(gone.getKey());
      }
    }
    reported = problems;
    unsynced = List.copyOf(failing);
    return jobs;
  }

  /**
   * The containers the last pass found configured but could not sync at all (an unusable
   * X-Container-Sync-To, a target this build cannot reach, object versioning), each with why.
   */
  public List<String> unsynced() {
    return unsynced;
  }

  /** The runtimes of the containers found by the last pass. */
  public List<MappingRuntime> runtimes() {
    return active.values().stream().map(Active::runtime).toList();
  }

  private Active start(SyncToContainer found, Basis basis, Set<String> problems) {
    SyncTo.Target target = basis.target();
    MappingConfig mapping = new MappingConfig(found.account(), found.container(), Protocol.SWIFT, found.syncTo(),
        target.containerUrl(), IDENTITY, Secret.of(found.syncKey()), null, 0, true, true, false, false, null,
        ListingDuplicates.ONCE, null, null);
    RemoteStore store;
    try {
      store = stores.containerSyncStore(new ContainerSyncTarget(URI.create(target.containerUrl()),
          Secret.of(found.syncKey()), target.realm(), target.realmKey() == null ? null : Secret.of(target.realmKey()),
          maxConnections));
    } catch (UnsupportedTargetException | IllegalArgumentException e) {
      String name = LogSafe.text(found.account() + "/" + found.container());
      report(problems, found.account() + "/" + found.container() + "|" + found.syncTo(), "container {}: cannot sync"
          + " to {}: {}", name, LogSafe.text(found.syncTo()), e.getMessage());
      failing.add(name + ": cannot sync to " + LogSafe.text(found.syncTo()) + ": " + e.getMessage());
      return null;
    }
    LOG.info("container {}: synced by its X-Container-Sync-To to {}",
        LogSafe.text(found.account() + "/" + found.container()), store.describe());
    return new Active(basis, runtimes.apply(mapping, store));
  }

  private void report(Set<String> problems, String key, String format, Object... args) {
    problems.add(key);
    if (!reported.contains(key)) {
      LOG.warn(format, args);
    }
  }

  private void retire(MappingRuntime runtime) {
    runtime.health().stop();
    retired.add(runtime);
  }

  /** Stores of retired runtimes are closed one pass later: a crawl started before may still hold them. */
  private void closeRetired() {
    for (MappingRuntime runtime : retired) {
      runtime.store().close();
    }
    retired.clear();
  }

  /** Stops every runtime (daemon shutdown). */
  public void stop() {
    active.values().forEach(a -> a.runtime().health().stop());
  }

  @Override
  public void close() {
    closeRetired();
    active.values().forEach(a -> a.runtime().store().close());
    active.clear();
  }

  @Override
  public String toString() {
    return "HeaderSyncs" + Objects.requireNonNullElse(active.keySet(), Set.of());
  }
}
