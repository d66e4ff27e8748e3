package io.cloudsync.cli;

import io.cloudsync.config.SyncConfig;
import io.cloudsync.crawler.db.ContainerDb;
import io.cloudsync.crawler.db.CrawlRow;
import io.cloudsync.crawler.locate.LocalReplica;
import io.cloudsync.crawler.locate.ReplicaLocator;
import io.cloudsync.crawler.ownership.RowOwnership;
import io.cloudsync.crawler.pending.PendingFile;
import io.cloudsync.status.StatusKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Rows behind read from this node's container DBs (read-only) rather than from the status file,
 * so that {@code status} tells the truth while the daemon cannot save progress (a blocked mapping,
 * a hung target): the DB's highest row now, the updates Swift still keeps in the DB's
 * {@code .pending} file (no ROWID yet, so all beyond the cursor; during an outage nobody merges
 * them), and the meta time of the first row after the cursor.
 */
final class LiveProgress {
  /**
   * The DB now: its highest row, the rows waiting in its {@code .pending} file, and the time of the
   * oldest of those and the first row after the cursor (null: none).
   */
  record Live(long maxRow, long unmerged, long toVerify, Instant oldestPending) {}

  /** Rows after the verification cursor looked at, at most: beyond it, the count is a lower bound. */
  static final int VERIFY_SCAN_LIMIT = 20_000;
  private static final int CHUNK = 1_000;

  private final ReplicaLocator locator;
  private final Duration verificationSlack;
  private final Clock clock;

  private LiveProgress(ReplicaLocator locator, Duration verificationSlack, Clock clock) {
    this.locator = locator;
    this.verificationSlack = verificationSlack;
    this.clock = clock;
  }

  /** Null when the ring cannot be read here: {@code status} then shows the saved figures. */
  static LiveProgress open(SyncConfig config) {
    try {
      return new LiveProgress(new ReplicaLocator(config.swiftDir(), config.devices(), config.swiftBindIp(),
          config.swiftBindPort()), config.verificationSlack(), Clock.systemUTC());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The live figures of the DB replica {@code key} names, or null when it is not on this node. */
  Live of(StatusKey key, long lastRow, long lastVerifiedRow) {
    List<LocalReplica> replicas;
    try {
      replicas = locator.find(key.account(), key.container());
    } catch (RuntimeException e) {
      return null;
    }
    for (LocalReplica replica : replicas) {
      List<Path> files = replica.dbFiles();
      for (Path file : files) {
        Live live = read(replica, file, file.equals(files.get(files.size() - 1)), key, lastRow, lastVerifiedRow);
        if (live != null) {
          return live;
        }
      }
    }
    return null;
  }

  /**
   * Other nodes' rows this node must still verify: after the verification cursor, up to the own
   * cursor (rows after it are counted whole), older than {@code verification_slack}. Own rows
   * there are done. With one daemon for a cluster (slack 0) these are rows it has to sync itself:
   * without them, rows behind read 0 while every row of another node's waited.
   */
  private long toVerify(ContainerDb db, LocalReplica replica, long lastRow, long lastVerifiedRow)
      throws IOException {
    if (replica.nodeCount() <= 1 || lastVerifiedRow >= lastRow) {
      return 0;
    }
    Instant due = clock.instant().minus(verificationSlack);
    long count = 0;
    long cursor = lastVerifiedRow;
    long scanned = 0;
    while (cursor < lastRow && scanned < VERIFY_SCAN_LIMIT) {
      List<CrawlRow> rows = db.crawlRowsAfter(cursor, CHUNK);
      for (CrawlRow row : rows) {
        if (row.rowId() > lastRow) {
          return count;
        }
        cursor = row.rowId();
        scanned++;
        if (!row.timestamps().meta().toInstant().isAfter(due)
            && !RowOwnership.owns(row.name(), replica.nodeIndex(), replica.nodeCount())) {
          count++;
        }
      }
      if (rows.size() < CHUNK) {
        break;
      }
    }
    return count;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null ? b : b == null || a.isBefore(b) ? a : b;
  }

  /**
   * The figures of {@code file} when it is the DB {@code key} names, else null. Swift merges
   * {@code .pending} into the newest DB file of the replica ({@code newest}), so only that one
   * counts them; the pending file is read before the DB, so a merge in between counts its rows
   * twice for a moment rather than not at all.
   */
  private Live read(LocalReplica replica, Path file, boolean newest, StatusKey key, long lastRow,
      long lastVerifiedRow) {
    try {
      PendingFile.Unmerged unmerged = newest ? PendingFile.read(replica.pendingFile()) : PendingFile.Unmerged.NONE;
      try (ContainerDb db = ContainerDb.open(file)) {
        if (!db.info().id().equals(key.dbId())) {
          return null;
        }
        List<CrawlRow> next = db.crawlRowsAfter(lastRow, 1);
        Instant first = next.isEmpty() ? null : next.get(0).timestamps().meta().toInstant();
        return new Live(db.maxRowId(), unmerged.rowsBeyond(db, lastRow), toVerify(db, replica, lastRow,
            lastVerifiedRow), earliest(first, unmerged.oldest()));
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
