package io.cloudsync.sync.pass;

import io.cloudsync.crawler.db.ContainerDb;
import io.cloudsync.crawler.db.ContainerInfo;
import io.cloudsync.crawler.db.CrawlRow;
import io.cloudsync.crawler.locate.LocalReplica;
import io.cloudsync.crawler.shard.CrawlDb;
import io.cloudsync.crawler.ownership.RowOwnership;
import io.cloudsync.crawler.pending.PendingFile;
import io.cloudsync.logging.LogSafe;
import io.cloudsync.naming.DotSegments;
import io.cloudsync.status.CursorEntry;
import io.cloudsync.status.DeferredRow;
import io.cloudsync.status.RetryRow;
import io.cloudsync.status.StatusKey;
import io.cloudsync.status.StatusStore;
import io.cloudsync.store.ListedEtags;
import io.cloudsync.store.StoreException;
import io.cloudsync.swift.SwiftPath;
import io.cloudsync.swift.SwiftTimestamp;
import io.cloudsync.sync.cursor.CursorTracker;
import io.cloudsync.sync.metrics.SyncMetrics;
import io.cloudsync.sync.plan.RowFacts;
import io.cloudsync.sync.plan.RowPlan;
import io.cloudsync.sync.transfer.RowOutcome;
import io.cloudsync.sync.work.TaskGroup;
import io.cloudsync.sync.work.WorkerPool;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of one mapping over one local replica of a container DB, in the spirit of Swift's
 * container/sync.py: first the rows this node owns (stable hash of the name), then — a
 * {@code verification_slack} after this node first saw them ({@link VerifyClock}) — every other
 * node's rows, each with its own cursor; many of those are checked against one remote listing
 * ({@link ListedVerification}). Rows run on the
 * shared worker pool and may finish in any order; a cursor advances over the longest finished
 * prefix. When many rows are ahead of this node's cursor, the remote listing of the container is
 * read when the first of them needs a copy ({@link ListingBudget}), so that rows the remote lacks
 * need no HEAD each. A failing row is recorded for retry (with backoff) and stops nothing; a young
 * row is recorded as deferred; a failure of the whole mapping stops the pass where it is.
 */
public final class ReplicaPass {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaPass.class);
  /** Retry and deferred rows kept per entry before the cursor stops advancing instead. */
  static final int MAX_QUEUED = 10_000;
  private static final long SAVE_EVERY_NANOS = 1_000_000_000L;
  /** ROWIDs one query that skips tombstones may examine, per {@code items_chunk} row. */
  static final long ROWID_SPAN_PER_CHUNK = 20;

  private static final Supplier<ListedEtags> UNLISTED = () -> ListedEtags.UNLISTED;
  private final MappingRuntime mapping;
  private final CrawlDb source;
  /** Where the DB lives and its own container and ring position (a shard's, for a shard DB). */
  private final LocalReplica replica;
  private final Settings settings;
  private final StatusStore status;
  private final WorkerPool pool;
  private final SyncMetrics metrics;
  private final Clock clock;
  /** Meta time + slack of the first row the verification cursor stopped at because it was too young. */
  private volatile Instant verifyWakeAt;
  /** The container's storage policy as this pass read it from the DB (objects live there). */
  private volatile int storagePolicy;
  private Instant quietUntil;
  /** The delete guard's state for this pass (set by {@link #run()} before any row is handed out). */
  private volatile ReplicaHold deletes;
  /** When this node first saw the rows it verifies (set by {@link #run()}, moved by the verification crawl). */
  private volatile VerifyClock seen = new VerifyClock(List.of());

  /** Daemon-wide knobs a pass needs. */
  /**
   * @param dryRun {@code dry_run}: outcomes are counted ({@link MappingRuntime#dryRun()}), not
   *     recorded as done; no cursor moves and no status is written, so a later real run does it all
   */
  public record Settings(int itemsChunk, Duration verificationSlack, Duration maxRetryDelay, boolean dryRun) {
    public Settings(int itemsChunk, Duration verificationSlack, Duration maxRetryDelay) {
      this(itemsChunk, verificationSlack, maxRetryDelay, false);
    }
  }

  /**
   * @param source the DB file to crawl: a container's only DB, or one of the DBs of a sharding or
   *     sharded container (its objects are named after the root, its progress after its own DB)
   */
  public ReplicaPass(MappingRuntime mapping, CrawlDb source, Settings settings, StatusStore status,
      WorkerPool pool, SyncMetrics metrics, Clock clock) {
    this.mapping = mapping;
    this.source = source;
    this.replica = source.replica();
    this.settings = settings;
    this.status = status;
    this.pool = pool;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * A saved cursor above the highest row the DB ever had cannot come from a pass over this DB (a
   * hand-edited, foreign or damaged status file): trusting it would skip every later change
   * silently. It is dropped and the DB rescanned; remote HEADs make the rescan cheap.
   */
  private CursorEntry trusted(CursorEntry entry, long highest, String where) {
    if (entry.lastRow() <= highest && entry.lastVerifiedRow() <= highest) {
      return entry;
    }
    LOG.warn("{}: the saved cursor (last_row {}, last_verified_row {}) is beyond the highest row this DB ever had"
        + " ({}): the status entry is corrupt; rescanning from row 0", where, entry.lastRow(),
        entry.lastVerifiedRow(), highest);
    return CursorEntry.start(mapping.config().awsBucket(), mapping.policy());
  }

  /** Runs the pass; returns the number of rows handed to workers. */
  public long run() throws IOException, InterruptedException {
    try (ContainerDb db = ContainerDb.open(source.file())) {
      ContainerInfo info = db.info();
      storagePolicy = info.storagePolicyIndex();
      String where = LogSafe.text(source.toString());
      StatusKey key = new StatusKey(replica.account(), replica.container(), info.id(), mapping.config().targetId());
      Instant now = clock.instant();
      deletes = mapping.planner().tombstonesNeedNothing() || settings.dryRun() ? ReplicaHold.inactive(key)
          : ReplicaHold.of(mapping.deleteGuard(), key, where);
      CursorEntry begun = deletes.begin(trusted(status.read(key, mapping.config().awsBucket(), mapping.policy()),
          db.highestRowIdEver(), where), db, replica, settings.verificationSlack(), now, status);
      if (replica.nodeCount() > 1) {
        seen = new VerifyClock(begun.firstSeen()).observe(begun.lastVerifiedRow(), db.maxRowId(), now);
      }
      CursorEntry entry = begun.withFirstSeen(seen.checkpoints());
      PassLedger ledger = new PassLedger();

      TaskGroup requeued = new TaskGroup();
      rerunQueued(db, entry, ledger, requeued, now);

      long rowsUpTo = db.maxRowId();
      long ahead = Math.max(0, rowsUpTo - entry.lastRow());
      Supplier<ListedEtags> listing = new Memo<>(() -> listing(info, ahead,
          (ahead + replica.nodeCount() - 1) / Math.max(1, replica.nodeCount())));
      long lastRow = ownRows(db, key, entry, ledger, now, listing);
      long lastVerified = otherRows(db, info, key, entry.withCursors(lastRow, entry.lastVerifiedRow()), ledger, now);
      requeued.await();

      long maxRow = db.maxRowId();
      Instant oldest = oldestPending(db, lastRow, ledger);
      CursorEntry saved = entry.withCursors(lastRow, lastVerified)
          .withQueues(ledger.retries(), ledger.deferred())
          .withCounts(entry.unsyncable() + ledger.unsyncable.get(), entry.errors() + ledger.errors.get())
          .withPass(maxRow, oldest, clock.instant())
          .withFirstSeen(seen.pruned(lastVerified).checkpoints());
      boolean written = changed(begun, saved);
      if (written && !settings.dryRun()) {
        status.write(key, saved);
      }
      mapping.health().awaitingRetry(saved.retries().size());
      deletes.finish(saved, replica.nodeCount());
      metrics.deletesHeld(replica.account(), replica.container(), mapping.config().targetId(), deletes.hold());
      quietUntil = quietUntil(saved, maxRow, written ? saved.lastPassEnd() : entry.lastPassEnd());
      PendingFile.Unmerged unmerged = unmerged();
      metrics.progress(replica.account(), replica.container(), mapping.config().targetId(),
          saved.withPass(maxRow, earliest(oldest, unmerged.oldest()), saved.lastPassEnd()),
          unmerged.rowsBeyond(db, saved.lastRow()), clock.instant());
      if (ledger.handled.get() > 0) {
        LOG.info("{} -> {}: {} rows handled; last row {}, verified {}, max {}; {} to retry, {} deferred",
            where, mapping.store().describe(), ledger.handled.get(), lastRow, lastVerified, maxRow,
            saved.retries().size(), saved.deferred().size());
      }
      if (ledger.verifiedByListing.get() > 0) {
        LOG.info("{} -> {}: {} rows of other nodes verified by the remote listing; verified through row {} of {}",
            where, mapping.store().describe(), ledger.verifiedByListing.get(), lastVerified, maxRow);
      }
      return ledger.handled.get();
    }
  }

  /**
   * Instead of {@link #run()} while the mapping is blocked (nothing is sent, no cursor moves):
   * publishes rows behind and lag from the DB now and its {@code .pending} file against the saved
   * cursor, so the gauges keep telling the truth through an outage rather than freezing at the
   * last pass's figures.
   */
  public void publishProgress() throws IOException {
    try (ContainerDb db = ContainerDb.open(source.file())) {
      ContainerInfo info = db.info();
      StatusKey key = new StatusKey(replica.account(), replica.container(), info.id(), mapping.config().targetId());
      CursorEntry entry = status.read(key, mapping.config().awsBucket(), mapping.policy());
      PendingFile.Unmerged unmerged = unmerged();
      List<CrawlRow> next = db.crawlRowsAfter(entry.lastRow(), 1);
      Instant oldest = earliest(entry.oldestPending(),
          earliest(next.isEmpty() ? null : next.get(0).timestamps().meta().toInstant(), unmerged.oldest()));
      metrics.progress(replica.account(), replica.container(), mapping.config().targetId(),
          entry.withPass(Math.max(entry.lastRow(), db.maxRowId()), oldest, entry.lastPassEnd()),
          unmerged.rowsBeyond(db, entry.lastRow()), clock.instant());
    }
  }

  /**
   * The updates Swift keeps in the replica's {@code .pending} file: merged into the newest DB file
   * of the replica, so counted for that one only (a retiring DB of a container being sharded has
   * none of its own).
   */
  private PendingFile.Unmerged unmerged() {
    if (source.part() == CrawlDb.Part.RETIRING) {
      return PendingFile.Unmerged.NONE;
    }
    try {
      return PendingFile.read(replica.pendingFile());
    } catch (IOException e) {
      LOG.debug("{}: cannot read {}: {}", replica, replica.pendingFile(), e.toString());
      return PendingFile.Unmerged.NONE;
    }
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null ? b : b == null || a.isBefore(b) ? a : b;
  }

  /**
   * After {@link #run()}: until when another pass over this replica can find nothing to do as long
   * as its DB file does not change (the daemon then skips it), or null when the next pass must run
   * (rows left behind, a blocked mapping). Bounded by the next retry or deferred row, by the moment
   * the first unverified row becomes old enough for verification, and by one minute (so the status
   * file's {@code last_pass_end} stays meaningful).
   */
  public Instant quietUntil() {
    return quietUntil;
  }

  private Instant quietUntil(CursorEntry saved, long maxRow, Instant lastWrite) {
    if (mapping.health().isBlocked() || saved.lastRow() < maxRow || deletes.hold() != null) {
      return null;
    }
    Instant until = (lastWrite == null ? clock.instant() : lastWrite).plus(Duration.ofMinutes(1));
    if (replica.nodeCount() > 1 && saved.lastVerifiedRow() < maxRow) {
      Instant wake = verifyWakeAt;
      if (wake == null) {
        return null;
      }
      until = wake.isBefore(until) ? wake : until;
    }
    for (RetryRow retry : saved.retries()) {
      until = retry.nextAttempt().isBefore(until) ? retry.nextAttempt() : until;
    }
    for (DeferredRow deferred : saved.deferred()) {
      until = deferred.due().isBefore(until) ? deferred.due() : until;
    }
    return until;
  }

  /** Retries whose backoff expired and deferred rows now due run again; the rest stay queued. */
  private void rerunQueued(ContainerDb db, CursorEntry entry, PassLedger ledger, TaskGroup group, Instant now)
      throws IOException, InterruptedException {
    for (RetryRow retry : entry.retries()) {
      if (retry.nextAttempt().isAfter(now) || mapping.health().isBlocked()) {
        ledger.retry(retry);
        continue;
      }
      CrawlRow row = rowAt(db, retry.row());
      if (row != null) {
        group.submit(pool, () -> handle(row, ledger, null, retry.attempts(), now, UNLISTED));
      }
    }
    for (DeferredRow deferred : entry.deferred()) {
      if (deferred.due().isAfter(now) || mapping.health().isBlocked()) {
        ledger.defer(deferred);
        continue;
      }
      CrawlRow row = rowAt(db, deferred.row());
      if (row != null) {
        group.submit(pool, () -> handle(row, ledger, null, 0, now, UNLISTED));
      }
    }
  }

  /** The row with this ROWID, or null when a newer change replaced it (it then has a newer ROWID). */
  private static CrawlRow rowAt(ContainerDb db, long rowId) throws IOException {
    List<CrawlRow> rows = db.crawlRowsAfter(rowId - 1, 1);
    return rows.isEmpty() || rows.get(0).rowId() != rowId ? null : rows.get(0);
  }

  /**
   * The remote listing of the container when the rows ahead of this node's cursor make it pay
   * (asked for when the pass's first own row needs a copy, so a pass over tombstones lists nothing)
   * ({@link ListingBudget}), else {@link ListedEtags#UNLISTED}. A listing that fails is not an
   * error of the pass: the rows then HEAD as without one (and report what is wrong).
   */
  private ListedEtags listing(ContainerInfo info, long ahead, long rowsToHandle) {
    ListingBudget budget = ListingBudget.of(rowsToHandle, info.objectCount());
    if (!budget.lists() || mapping.health().isBlocked()) {
      return ListedEtags.UNLISTED;
    }
    try {
      ListedEtags listed = mapping.store().listEtags(source.rootAccount(), source.rootContainer(), budget.maxKeys())
          .orElse(ListedEtags.UNLISTED);
      LOG.debug("{}: {} rows ahead; remote listing: {}", source, ahead, listed);
      return listed;
    } catch (StoreException e) {
      LOG.debug("{}: remote listing failed, rows are HEADed one by one: {}", source, e.getMessage());
      return ListedEtags.UNLISTED;
    }
  }

  private long ownRows(ContainerDb db, StatusKey key, CursorEntry entry, PassLedger ledger, Instant now,
      Supplier<ListedEtags> listing) throws IOException, InterruptedException {
    return crawl(db, key, entry, entry.lastRow(), ledger, now, true, listing);
  }

  /**
   * Other nodes' rows first seen a {@code verification_slack} ago, checked against a remote
   * listing read when the first of them is reached ({@link ListedVerification}) when there are
   * enough of them for a listing to pay.
   */
  private long otherRows(ContainerDb db, ContainerInfo info, StatusKey key, CursorEntry entry, PassLedger ledger,
      Instant now) throws IOException, InterruptedException {
    if (replica.nodeCount() <= 1) {
      return entry.lastRow();
    }
    // only rows due now count: rows written within the slack do not make a listing pay
    long due = Math.min(db.maxRowId(), seen.dueThrough(entry.lastVerifiedRow(), now.minus(settings.verificationSlack())));
    long ahead = Math.max(0, due - entry.lastVerifiedRow());
    long toVerify = ahead * (replica.nodeCount() - 1) / replica.nodeCount();
    return crawl(db, key, entry, entry.lastVerifiedRow(), ledger, now, false,
        new Memo<>(() -> listing(info, ahead, toVerify)));
  }

  /**
   * @param listing a remote listing: for this node's own rows, read at the start of the pass and
   *     handed to the rows' copies; for other nodes' rows, read when the first due row is reached
   *     and used only to verify rows without a request (a row it does not show done is HEADed, so
   *     that the owner's uploads since the listing are seen and not sent twice)
   */
  private long crawl(ContainerDb db, StatusKey key, CursorEntry entry, long start, PassLedger ledger,
      Instant now, boolean own, Supplier<ListedEtags> listing) throws IOException, InterruptedException {
    CursorTracker tracker = new CursorTracker(start);
    TaskGroup group = new TaskGroup();
    // Other nodes' rows are due a verification_slack after this node first saw them.
    long dueThrough = own ? Long.MAX_VALUE : seen.dueThrough(start, now.minus(settings.verificationSlack()));
    ListedVerification verification = own ? null : new ListedVerification(listing, replica.nodeCount(),
        now.minus(settings.verificationSlack()), each -> rowsAfter(db, start, each));
    Supplier<ListedEtags> copyListing = own ? listing : UNLISTED;
    // meta.toInstant().isAfter(cutoff) without an Instant per row: both sides in 10 µs ticks
    long cutoffTicks = SwiftTimestamp.ofInstant(now.minus(settings.verificationSlack())).ticks();
    // When tombstones need nothing, SQLite skips them: only live rows up to a bound read first
    // come back, and the cursor moves to the end of the ROWID span a page examined when it ends
    // short of the limit.
    boolean liveOnly = mapping.planner().tombstonesNeedNothing();
    long bound = liveOnly ? db.maxRowId() : deletes.bound();
    long cursor = start;
    boolean more = true;
    long handledAtSave = ledger.handled.get();
    long savedAt = System.nanoTime();
    // One filtered query examines at most this many ROWIDs, so it holds SQLite's read lock (which
    // blocks Swift's writers) about as briefly as reading one page of full rows does.
    long span = ROWID_SPAN_PER_CHUNK * settings.itemsChunk();
    while (more && !mapping.health().isBlocked() && ledger.queued() < MAX_QUEUED) {
      long spanEnd = bound - cursor > span ? cursor + span : bound;
      List<CrawlRow> rows = liveOnly ? db.liveRowsBetween(cursor, spanEnd, settings.itemsChunk())
          : db.crawlRowsAfter(cursor, settings.itemsChunk());
      boolean full = rows.size() == settings.itemsChunk();
      more = full || (liveOnly && spanEnd < bound);
      long pageEnd = full ? rows.get(rows.size() - 1).rowId() : spanEnd;
      metrics.rowsScanned(liveOnly ? db.countRowsBetween(cursor, pageEnd) : rows.size());
      boolean stopped = false;
      for (CrawlRow row : rows) {
        if (mapping.health().isBlocked()) {
          stopped = true;
          break;
        }
        if (row.rowId() > bound) { // counted by the delete guard in the next pass
          stopped = true;
          break;
        }
        SwiftTimestamp meta = row.timestamps().meta();
        if (!own && (meta.ticks() > cutoffTicks || row.rowId() > dueThrough)) {
          verifyWakeAt = wakeFor(row.rowId(), meta, now);
          if (liveOnly && row.rowId() - 1 > cursor) {
            tracker.skipped(row.rowId() - 1); // the tombstones before it, as the full row path would
          }
          stopped = true;
          break;
        }
        cursor = row.rowId();
        if (source.handedOver().handedOver(row.name())) {
          tracker.skipped(row.rowId()); // cleaved into a shard container: its shard DB syncs it
          continue;
        }
        // The plan depends on the row alone; ownership (a SHA-1 of the name) is only worked out
        // for rows that need something, so rows needing nothing cost neither cursor a hash.
        RowPlan plan = mapping.planner().plan(new RowFacts(row.deleted(), meta), now);
        ListedVerification.Decision decision = ListedVerification.Decision.TAKE_OVER;
        if (plan instanceof RowPlan.Nothing
            || RowOwnership.owns(row.name(), replica.nodeIndex(), replica.nodeCount()) != own) {
          tracker.skipped(row.rowId());
        } else if (plan instanceof RowPlan.Defer defer) {
          Instant due = own ? defer.due() : defer.due().plus(settings.verificationSlack());
          ledger.defer(new DeferredRow(row.rowId(), row.name(), due));
          tracker.skipped(row.rowId());
        } else if (!own && (decision = verification.decide(row, plan)) == ListedVerification.Decision.CONFIRMED) {
          ledger.verifiedByListing.incrementAndGet();
          tracker.skipped(row.rowId());
        } else if (decision == ListedVerification.Decision.WAIT) {
          // its owner is uploading: give the rows from here another slack rather than race it
          seen = seen.restamp(row.rowId() - 1, now);
          verifyWakeAt = now.plus(settings.verificationSlack());
          LOG.info("{}: verification waits at row {} for a verification_slack: its owner wrote copies within the"
              + " last one (it is at work)", LogSafe.text(source.toString()), row.rowId());
          stopped = true;
          break;
        } else {
          tracker.started(row.rowId());
          group.submit(pool, () -> handle(row, ledger, tracker, 0, now, copyListing));
        }
      }
      if (stopped) {
        more = false;
      } else if (liveOnly && !full && spanEnd > cursor) {
        tracker.skipped(spanEnd); // every row after the last live one, up to the span's end, is a tombstone
        cursor = spanEnd;
      }
      // Saved after every chunk in which rows needing requests finished (a crash then redoes at
      // most the rows in flight and one chunk), else once a second: a crawl over rows that need no
      // request (tombstones without propagate_delete, other nodes' rows) is not slowed down by an
      // fsync per chunk, and redoing it costs no request.
      long handled = ledger.handled.get();
      if (handled != handledAtSave || System.nanoTime() - savedAt > SAVE_EVERY_NANOS) {
        saveProgress(key, entry, own, tracker.completedThrough(), ledger);
        handledAtSave = handled;
        savedAt = System.nanoTime();
      }
    }
    group.await();
    saveProgress(key, entry, own, tracker.completedThrough(), ledger);
    return tracker.completedThrough();
  }

  /** Every row after {@code start}, up to as many as one listing may hold keys. */
  private static void rowsAfter(ContainerDb db, long start, java.util.function.Consumer<CrawlRow> each)
      throws IOException {
    long cursor = start;
    long read = 0;
    while (read < ListingBudget.MAX_KEYS) {
      List<CrawlRow> rows = db.crawlRowsAfter(cursor, 1000);
      if (rows.isEmpty()) {
        return;
      }
      rows.forEach(each);
      read += rows.size();
      cursor = rows.get(rows.size() - 1).rowId();
    }
  }

  /**
   * Quiet containers cost no disk write per pass: the entry is saved when anything but the pass
   * time changed, or at most once a minute to keep {@code last_pass_end} meaningful.
   */
  private static boolean changed(CursorEntry before, CursorEntry after) {
    if (before.lastPassEnd() == null
        || Duration.between(before.lastPassEnd(), after.lastPassEnd()).compareTo(Duration.ofMinutes(1)) > 0) {
      return true;
    }
    return !before.withPass(after.maxRow(), after.oldestPending(), before.lastPassEnd()).equals(
        after.withPass(after.maxRow(), after.oldestPending(), before.lastPassEnd()));
  }

  /**
   * Intermediate save of one cursor, so a crash mid-pass redoes at most the rows in flight. The
   * cursor may have passed rows that failed or were deferred in this pass: their queue entries
   * are saved with it (merged with the entries the pass started with, which may be running again
   * right now), or a kill -9 before the end of the pass would lose them for good.
   */
  private void saveProgress(StatusKey key, CursorEntry entry, boolean own, long through, PassLedger ledger)
      throws IOException {
    if (settings.dryRun() || through == (own ? entry.lastRow() : entry.lastVerifiedRow())) {
      return;
    }
    CursorEntry moved = own ? entry.withCursors(through, entry.lastVerifiedRow())
        : entry.withCursors(entry.lastRow(), through);
    moved = moved.withFirstSeen(seen.pruned(moved.lastVerifiedRow()).checkpoints());
    status.write(key, moved.withQueues(merge(entry.retries(), ledger.retries(), RetryRow::row),
        merge(entry.deferred(), ledger.deferred(), DeferredRow::row)));
  }

  /** {@code before} ∪ {@code now} by row, {@code now} winning. */
  private static <T> List<T> merge(List<T> before, List<T> now, java.util.function.ToLongFunction<T> row) {
    if (now.isEmpty()) {
      return before;
    }
    java.util.Map<Long, T> byRow = new java.util.TreeMap<>();
    before.forEach(t -> byRow.put(row.applyAsLong(t), t));
    now.forEach(t -> byRow.put(row.applyAsLong(t), t));
    return List.copyOf(byRow.values());
  }

  private void handle(CrawlRow row, PassLedger ledger, CursorTracker tracker, int attempts, Instant now,
      Supplier<ListedEtags> listing) {
    SwiftPath path = new SwiftPath(source.rootAccount(), source.rootContainer(), row.name());
    RowOutcome outcome;
    long started = System.nanoTime();
    try {
      outcome = execute(row, path, now, listing);
    } catch (RuntimeException e) {
      outcome = RowOutcome.failure(RowOutcome.Kind.FAILED, e.toString(), "unexpected");
      LOG.error("unexpected failure on row {} ({}): {}", row.rowId(), path, e.toString(), e);
    }
    if (settings.dryRun()) {
      mapping.dryRun().count(outcome);
    } else {
      metrics.outcome(outcome, System.nanoTime() - started);
      if (outcome.bytes() > 0) {
        metrics.copied(replica.account(), replica.container(), mapping.config().targetId(), outcome.bytes());
      }
    }
    ledger.handled.incrementAndGet();
    switch (outcome.kind()) {
      case BLOCKED -> {
        mapping.health().block(outcome.detail());
        if (tracker == null) {
          ledger.retry(new RetryRow(row.rowId(), row.name(), attempts, now, outcome.detail()));
        }
        return; // the tracker keeps it in flight: the cursor stays before it
      }
      case FAILED -> {
        ledger.errors.incrementAndGet();
        int next = attempts + 1;
        LOG.warn("row {} ({}) failed (attempt {}): {}", row.rowId(), path, next, outcome.detail());
        ledger.retry(new RetryRow(row.rowId(), row.name(), next, now.plus(backoff(next)), outcome.detail()));
      }
      case DELETE_HELD -> {
        if (tracker == null) { // a queued row stays queued: a release rescans only from where the hold began
          ledger.retry(new RetryRow(row.rowId(), row.name(), attempts, now, outcome.detail()));
          return;
        }
        deletes.held();
      }
      case UNSYNCABLE -> {
        ledger.unsyncable.incrementAndGet();
        LOG.error("row {} ({}) can never be synced to {}: {}; passed", row.rowId(), path,
            mapping.store().describe(), outcome.detail());
      }
      default -> LOG.debug("row {} ({}): {}", row.rowId(), path, outcome.kind());
    }
    if (tracker != null) {
      tracker.finished(row.rowId());
    }
  }

  private RowOutcome execute(CrawlRow row, SwiftPath path, Instant now, Supplier<ListedEtags> listing) {
    RowPlan plan = mapping.planner().plan(facts(row), now);
    if ((plan instanceof RowPlan.DeleteRemote || plan instanceof RowPlan.Copy) && DotSegments.in(path)) {
      return RowOutcome.of(RowOutcome.Kind.UNSYNCABLE, DotSegments.REASON);
    }
    if (plan instanceof RowPlan.DeleteRemote) {
      if (deletes.holding()) {
        return RowOutcome.of(RowOutcome.Kind.DELETE_HELD, "deletes held (max_deletes_per_pass)");
      }
      // Once a container shards, one object can have rows in several DBs (a retiring DB, a
      // shard that shrank): a tombstone there may be older than the object now live.
      return source.sharded() ? mapping.syncer().deleteRemoteUnlessLive(path, row.timestamps().data())
          : mapping.syncer().deleteRemote(path, row.timestamps().data());
    }
    if (plan instanceof RowPlan.Copy) {
      // an SLO's row ETag is its manifest's, which no listing shows: such rows HEAD as without one
      return mapping.syncer().copy(path, storagePolicy, row.timestamps().data(), row.timestamps().meta(), row.listedEtag(),
          listing.get());
    }
    return RowOutcome.of(RowOutcome.Kind.NOTHING);
  }

  /** When a row the verification stopped at becomes due: a slack after its own time and after this node first saw it. */
  private Instant wakeFor(long rowId, SwiftTimestamp meta, Instant now) {
    Instant firstSeen = seen.firstSeen(rowId);
    Instant byTime = meta.toInstant().plus(settings.verificationSlack());
    Instant bySeen = (firstSeen == null ? now : firstSeen).plus(settings.verificationSlack());
    return byTime.isAfter(bySeen) ? byTime : bySeen;
  }

  private Duration backoff(int attempts) {
    long seconds = 10L << Math.min(attempts - 1, 20);
    Duration delay = Duration.ofSeconds(seconds);
    return delay.compareTo(settings.maxRetryDelay()) > 0 ? settings.maxRetryDelay() : delay;
  }

  private static RowFacts facts(CrawlRow row) {
    return new RowFacts(row.deleted(), row.timestamps().meta());
  }

  /**
   * The time of the oldest row not yet synced: the first row after the cursor, or the oldest row
   * waiting for a retry (a row that keeps failing is lag: the container is that far behind).
   */
  private static Instant oldestPending(ContainerDb db, long through, PassLedger ledger) throws IOException {
    Instant oldest = null;
    List<CrawlRow> next = db.crawlRowsAfter(through, 1);
    if (!next.isEmpty()) {
      oldest = next.get(0).timestamps().meta().toInstant();
    }
    long firstRetry = ledger.retries().stream().mapToLong(RetryRow::row).min().orElse(-1);
    if (firstRetry >= 0) {
      List<CrawlRow> retried = db.crawlRowsAfter(firstRetry - 1, 1);
      if (!retried.isEmpty() && retried.get(0).rowId() <= through) {
        Instant written = retried.get(0).timestamps().meta().toInstant();
        oldest = oldest == null || written.isBefore(oldest) ? written : oldest;
      }
    }
    return oldest;
  }
}
