package io.cloudsync.migrate.run;

import io.cloudsync.logging.LogSafe;
import io.cloudsync.migrate.copy.ObjectCopier;
import io.cloudsync.migrate.copy.Outcome;
import io.cloudsync.migrate.local.ContainerAcls;
import io.cloudsync.migrate.local.LocalSwift;
import io.cloudsync.migrate.local.LocalSwift.DeleteOutcome;
import io.cloudsync.migrate.local.LocalSwiftException;
import io.cloudsync.migrate.plan.Decision;
import io.cloudsync.migrate.plan.Entry;
import io.cloudsync.migrate.plan.ListingMerge;
import io.cloudsync.migrate.plan.Pages;
import io.cloudsync.migrate.state.CopyLedger;
import io.cloudsync.migrate.state.MigrationMetrics;
import io.cloudsync.migrate.state.PassTotals;
import io.cloudsync.store.RemoteReader.ListingEntry;
import io.cloudsync.store.RemoteReader.ListingPage;
import io.cloudsync.store.RemoteReader.ListingQuery;
import io.cloudsync.swift.SwiftPath;
import io.cloudsync.swift.SwiftTimestamp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of one source container into its local container: both listings in name order, merged
 * ({@link ListingMerge}); missing or newer source objects copied by the migration's workers
 * (at most {@code workers} in flight, the listing waits for a free one); local objects gone from the
 * source deleted only while they are the migrator's own copy ({@link CopyLedger}). An unchanged
 * source costs the two listings and nothing else.
 */
final class ContainerPass {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerPass.class);

  private final ObjectCopier.Route route;
  private final String prefix;
  private final int itemsChunk;
  private final LocalSwift local;
  private final ObjectCopier copier;
  private final CopyLedger ledger;
  private final ExecutorService workers;
  private final int workerCount;
  private final MigrationMetrics metrics;
  private final String metricName;
  private final ContainerAcls acls;

  private final AtomicLong scanned = new AtomicLong();
  private final AtomicLong copied = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong deleted = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();

  ContainerPass(ObjectCopier.Route route, String prefix, int itemsChunk, LocalSwift local, ObjectCopier copier,
      CopyLedger ledger, ExecutorService workers, int workerCount, MigrationMetrics metrics, String metricName,
      ContainerAcls acls) {
    this.acls = acls;
    this.route = route;
    this.prefix = prefix == null ? "" : prefix;
    this.itemsChunk = Math.min(Math.max(itemsChunk, 1), 1000);
    this.local = local;
    this.copier = copier;
    this.ledger = ledger;
    this.workers = workers;
    this.workerCount = workerCount;
    this.metrics = metrics;
    this.metricName = metricName;
  }

  /** Runs the pass; throws when a listing fails (the objects already handled stay counted). */
  PassTotals run() throws LocalSwiftException, IOException, InterruptedException {
    ensureContainer();
    Pages<Entry> source = new Pages<>(this::sourcePage);
    Pages<Entry> mine = local.list(route.account(), route.container(), prefix, itemsChunk);
    Semaphore slots = new Semaphore(workerCount);
    List<Throwable> listingFailure = new ArrayList<>();
    try {
      ListingMerge merge = new ListingMerge(source, mine);
      while (merge.hasNext()) {
        Decision d = merge.next();
        if (d instanceof Decision.Copy copy) {
          scanned.incrementAndGet();
          slots.acquire();
          workers.execute(() -> {
            try {
              copyOne(copy.source());
            } finally {
              slots.release();
            }
          });
        } else if (d instanceof Decision.InSync sync) {
          scanned.incrementAndGet();
          if (sync.source().time().ticks() == sync.local().time().ticks()) {
            ledger.seenInSync(route.container(), sync.local().name(), sync.local().time());
          }
        } else if (d instanceof Decision.LocalOnly only) {
          deleteIfOurs(only.local());
        }
      }
    } catch (SourceListingFailed | LocalSwift.ListingFailed e) {
      listingFailure.add(e);
    } finally {
      slots.acquire(workerCount); // every copy of this pass has finished
      slots.release(workerCount);
      metrics.scanned(metricName, scanned.get());
    }
    if (!listingFailure.isEmpty()) {
      errors.incrementAndGet();
      metrics.error(metricName);
      Throwable cause = listingFailure.get(0).getCause();
      throw new IOException("listing failed: " + (cause == null ? listingFailure.get(0) : cause).getMessage(),
          listingFailure.get(0));
    }
    return totals();
  }

  PassTotals totals() {
    return new PassTotals(scanned.get(), copied.get(), bytes.get(), deleted.get(), errors.get());
  }

  private void copyOne(Entry source) {
    Outcome outcome = copier.copy(route, source);
    String name = LogSafe.text(route.account() + "/" + route.container() + "/" + source.name());
    switch (outcome.kind()) {
      case COPIED -> {
        copied.incrementAndGet();
        bytes.addAndGet(outcome.bytes());
        metrics.copied(metricName, outcome.bytes());
        LOG.debug("copied {} ({} bytes, time {})", name, outcome.bytes(), source.time());
        try {
          ledger.copied(route.container(), source.name(), outcome.time());
        } catch (IOException e) {
          errors.incrementAndGet();
          metrics.error(metricName);
          LOG.error("{}: copied, but {}", name, e.getMessage());
        }
      }
      case LOCAL_NEWER -> LOG.info("not copied {}: {}", name, outcome.detail());
      case VANISHED -> LOG.info("not copied {}: {}", name, outcome.detail());
      case FAILED -> {
        errors.incrementAndGet();
        metrics.error(metricName);
        LOG.error("not copied {}: {}", name, outcome.detail());
      }
    }
  }

  private void deleteIfOurs(Entry localEntry) throws IOException {
    Optional<SwiftTimestamp> ours = ledger.lookup(route.container(), localEntry.name());
    if (ours.isEmpty()) {
      return; // written locally: never the migrator's to delete
    }
    String name = LogSafe.text(route.account() + "/" + route.container() + "/" + localEntry.name());
    if (ours.get().ticks() != localEntry.time().ticks()) {
      LOG.info("{} is gone from the source but was written locally since the migration; kept", name);
      ledger.forget(route.container(), localEntry.name());
      return;
    }
    SwiftPath path = new SwiftPath(route.account(), route.container(), localEntry.name());
    try {
      DeleteOutcome outcome = local.delete(path, ours.get().withOffsetPlus(1));
      if (outcome == DeleteOutcome.DELETED) {
        deleted.incrementAndGet();
        metrics.deleted(metricName);
        LOG.debug("deleted {}: gone from the source", name);
      } else if (outcome == DeleteOutcome.NEWER_EXISTS) {
        LOG.info("{} is gone from the source but was written locally since the migration; kept", name);
      }
      ledger.forget(route.container(), localEntry.name());
    } catch (LocalSwiftException e) {
      errors.incrementAndGet();
      metrics.error(metricName);
      LOG.error("not deleted {}: {}", name, e.getMessage());
    }
  }

  /** A source listing page failed in the middle of the merge. */
  private static final class SourceListingFailed extends RuntimeException {
    SourceListingFailed(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }

  private Pages.Page<Entry> sourcePage(String marker) {
    ListingPage page;
    try {
      page = route.reader().list(route.sourceAccount(), route.sourceContainer(),
          new ListingQuery(prefix, null, marker, itemsChunk)).toCompletableFuture().join();
    } catch (CompletionException e) {
      throw new SourceListingFailed(e.getCause() == null ? e : e.getCause());
    }
    List<Entry> entries = new ArrayList<>();
    for (ListingEntry e : page.entries()) {
      if (!e.isSubdir() && e.lastModified() != null) {
        entries.add(new Entry(e.name(), SwiftTimestamp.ofInstant(e.lastModified()), e.hash(), e.bytes()));
      }
    }
    if (marker.isEmpty() && page.entries().isEmpty() && route.swiftSource() && !sourceContainerExists()) {
      // a Swift reader lists a missing container as empty: never read that as "every object deleted"
      throw new SourceListingFailed(new IOException("the source container '" + route.sourceContainer()
          + "' does not exist"));
    }
    return new Pages.Page<>(entries, page.truncated() ? page.nextMarker() : null);
  }

  private boolean sourceContainerExists() {
    try {
      return route.reader().containerHeaders(route.sourceAccount(), route.sourceContainer()).toCompletableFuture()
          .join().isPresent();
    } catch (CompletionException e) {
      throw new SourceListingFailed(e.getCause() == null ? e : e.getCause());
    }
  }

  /**
   * Creates the local container when it is missing; for a Swift source with the source
   * container's metadata ({@code X-Container-Meta-*}) and ACLs ({@code X-Container-Read/Write}).
   */
  private void ensureContainer() throws LocalSwiftException, IOException {
    if (local.headContainer(route.account(), route.container()).isPresent()) {
      return;
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    List<Map.Entry<String, String>> aclHeaders = new ArrayList<>();
    if (route.swiftSource()) {
      Optional<List<Map.Entry<String, String>>> source;
      try {
        source = route.reader().containerHeaders(route.sourceAccount(), route.sourceContainer())
            .toCompletableFuture().join();
      } catch (CompletionException e) {
        throw new IOException("reading the source container's metadata failed: "
            + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
      }
      for (Map.Entry<String, String> h : source.orElse(List.of())) {
        String lower = h.getKey().toLowerCase(Locale.ROOT);
        if (lower.startsWith("x-container-meta-")) {
          headers.add(h);
        } else if (lower.equals("x-container-read") || lower.equals("x-container-write")) {
          aclHeaders.add(h);
        }
      }
    }
    local.putContainer(route.account(), route.container(), headers);
    LOG.info("created local container {}/{}", LogSafe.text(route.account()), LogSafe.text(route.container()));
    if (aclHeaders.isEmpty()) {
      return;
    }
    if (acls == null) {
      // Swift's proxy drops ACL headers from anyone but the account's owner, and the internal proxy has no owner
      LOG.warn("{}/{}: the source container's ACLs {} are not copied (no container ring here); set them as the"
          + " account's owner", LogSafe.text(route.account()), LogSafe.text(route.container()), aclHeaders);
      return;
    }
    acls.set(route.account(), route.container(), aclHeaders);
  }
}
