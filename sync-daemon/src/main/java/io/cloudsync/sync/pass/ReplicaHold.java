package io.cloudsync.sync.pass;

import io.cloudsync.crawler.db.ContainerDb;
import io.cloudsync.crawler.db.CrawlRow;
import io.cloudsync.crawler.locate.LocalReplica;
import io.cloudsync.crawler.ownership.RowOwnership;
import io.cloudsync.logging.LogSafe;
import io.cloudsync.status.CursorEntry;
import io.cloudsync.status.StatusKey;
import io.cloudsync.status.StatusStore;
import io.cloudsync.swift.SwiftTimestamp;
import io.cloudsync.sync.hold.DeleteGuard;
import io.cloudsync.sync.hold.DeleteHold;
import io.cloudsync.sync.hold.HoldStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delete guard's part of one replica pass. Before the crawl: a release (request file or a
 * raised limit) rewinds the cursors to where the hold began, so the held tombstones are crawled
 * again and deleted; otherwise the deletes this pass would perform are counted up to the DB's
 * current highest row (the crawl stops there) and reserved from the mapping's
 * {@code max_deletes_per_pass}; too many put the replica on hold. While held, the crawl passes
 * tombstones without deleting (uploads go on) and counts them. After the crawl the hold is saved,
 * or removed once a released range has been crawled again.
 */
final class ReplicaHold {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaHold.class);

  private final DeleteGuard guard;
  private final HoldStore holds;
  private final StatusKey key;
  private final String where;
  private final AtomicLong held = new AtomicLong();
  private DeleteHold hold;
  private long bound = Long.MAX_VALUE;

  private ReplicaHold(DeleteGuard guard, StatusKey key, String where) {
    this.guard = guard;
    this.holds = guard.holds();
    this.key = key;
    this.where = where;
    this.hold = holds == null ? null : holds.get(key);
  }

  /** A guard that holds nothing: no limit, no hold, or no remote deletes at all. */
  static ReplicaHold inactive(StatusKey key) {
    return new ReplicaHold(DeleteGuard.none(), key, "");
  }

  static ReplicaHold of(DeleteGuard guard, StatusKey key, String where) {
    return new ReplicaHold(guard, key, where);
  }

  /**
   * Applies a pending release to {@code entry} (rewinding and saving its cursors), then counts and
   * reserves this pass's deletes; returns the entry the pass starts from.
   */
  CursorEntry begin(CursorEntry entry, ContainerDb db, LocalReplica replica, Duration slack, Instant now,
      StatusStore status) throws IOException {
    if (hold != null && hold.holding() && released(now)) {
      long through = Math.max(entry.lastRow(), entry.lastVerifiedRow());
      CursorEntry rewound = entry.withCursors(Math.min(entry.lastRow(), hold.fromRow()),
          Math.min(entry.lastVerifiedRow(), hold.fromVerifiedRow()));
      status.write(key, rewound);
      hold = hold.release(through);
      holds.put(key, hold);
      LOG.warn("{}: delete hold released: rows {} to {} are crawled again and their {} held deletes performed",
          where, Math.min(rewound.lastRow(), rewound.lastVerifiedRow()), through, hold.deletesHeld());
      entry = rewound;
    }
    if (holding() || guard.limit() == null) {
      return entry;
    }
    bound = db.maxRowId();
    long exempt = hold == null ? 0 : hold.throughRow();
    long deletes = count(db, entry, replica, exempt, slack, now, guard.limit() + 1);
    if (!guard.reserve(deletes)) {
      DeleteHold begun = DeleteHold.begin(now, entry.lastRow(), entry.lastVerifiedRow());
      if (hold != null) { // a released range not yet crawled again stays covered by the new hold
        begun = DeleteHold.begin(hold.heldSince().isBefore(now) ? now : hold.heldSince(),
            Math.min(hold.fromRow(), entry.lastRow()), Math.min(hold.fromVerifiedRow(), entry.lastVerifiedRow()));
      }
      hold = begun;
      holds.put(key, hold);
      LOG.error("{}: this pass would delete {}{} remote objects, more than max_deletes_per_pass ({}): its deletes"
          + " are HELD (none performed; uploads go on) until `cloudsync release-deletes` or a higher limit",
          where, deletes > guard.limit() ? "more than " : "", deletes > guard.limit() ? guard.limit() : deletes,
          guard.limit());
    }
    return entry;
  }

  private boolean released(Instant now) {
    Instant requested = holds.releaseRequested(key);
    if (requested != null && !requested.isBefore(hold.heldSince())) {
      return true;
    }
    if (guard.allows(hold.deletesHeld())) {
      LOG.info("{}: max_deletes_per_pass is now {} ({} deletes held): releasing the hold", where,
          guard.limit() == null ? "unset" : guard.limit(), hold.deletesHeld());
      return true;
    }
    return false;
  }

  /**
   * The deletes a crawl from {@code entry}'s cursors up to {@link #bound} would perform on this
   * node (own tombstones after {@code last_row}; other nodes' tombstones older than the slack after
   * {@code last_verified_row}), not counting rows up to {@code exempt}; stops counting at {@code cap}.
   */
  private long count(ContainerDb db, CursorEntry entry, LocalReplica replica, long exempt, Duration slack,
      Instant now, long cap) throws IOException {
    long cutoff = SwiftTimestamp.ofInstant(now.minus(slack)).ticks();
    long cursor = Math.max(exempt, Math.min(entry.lastRow(), replica.nodeCount() > 1
        ? entry.lastVerifiedRow() : entry.lastRow()));
    long deletes = 0;
    while (cursor < bound && deletes < cap) {
      List<CrawlRow> rows = db.crawlRowsAfter(cursor, 1000);
      if (rows.isEmpty()) {
        break;
      }
      for (CrawlRow row : rows) {
        if (row.rowId() > bound) {
          return deletes;
        }
        cursor = row.rowId();
        if (!row.deleted()) {
          continue;
        }
        boolean own = RowOwnership.owns(row.name(), replica.nodeIndex(), replica.nodeCount());
        if (own ? row.rowId() > entry.lastRow()
            : row.rowId() > entry.lastVerifiedRow() && row.timestamps().meta().ticks() <= cutoff) {
          deletes++;
        }
      }
    }
    return deletes;
  }

  /** Whether this replica's deletes are on hold in this pass. */
  boolean holding() {
    return hold != null && hold.holding();
  }

  /** The highest row this pass may crawl (rows after it wait for the next pass's count). */
  long bound() {
    return bound;
  }

  /** A tombstone the crawl passed without deleting it. */
  void held() {
    held.incrementAndGet();
  }

  /** After the crawl: saves the held count, or drops a released hold once its range was crawled again. */
  void finish(CursorEntry saved, int nodeCount) throws IOException {
    if (hold == null) {
      return;
    }
    if (hold.holding() && held.get() > 0) {
      hold = hold.plusHeld(held.get());
      holds.put(key, hold);
      LOG.warn("{}: {} deletes held ({} in this pass) since {}", where, hold.deletesHeld(), held.get(),
          hold.heldSince());
    } else if (hold.released() && saved.lastRow() >= hold.throughRow()
        && (nodeCount <= 1 || saved.lastVerifiedRow() >= hold.throughRow())) {
      holds.put(key, null);
      LOG.info("{}: the released deletes are done; the hold is lifted", where);
      hold = null;
    }
  }

  /** The hold as it stands, or null. */
  DeleteHold hold() {
    return hold;
  }

  static String where(LocalReplica replica) {
    return LogSafe.text(replica.account() + "/" + replica.container());
  }
}
