package io.cloudsync.cli;

import io.cloudsync.config.SyncConfig;
import io.cloudsync.crawler.db.ContainerDb;
import io.cloudsync.crawler.db.CrawlRow;
import io.cloudsync.crawler.locate.LocalReplica;
import io.cloudsync.crawler.locate.ReplicaLocator;
import io.cloudsync.crawler.pending.PendingFile;
import io.cloudsync.status.StatusKey;
import java.io.IOException;
import java.nio.file.Path;
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
  record Live(long maxRow, long unmerged, Instant oldestPending) {}

  private final ReplicaLocator locator;

  private LiveProgress(ReplicaLocator locator) {
    this.locator = locator;
  }

  /** Null when the ring cannot be read here: {@code status} then shows the saved figures. */
  static LiveProgress open(SyncConfig config) {
    try {
      return new LiveProgress(new ReplicaLocator(config.swiftDir(), config.devices(), config.swiftBindIp(),
          config.swiftBindPort()));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The live figures of the DB replica {@code key} names, or null when it is not on this node. */
  Live of(StatusKey key, long lastRow) {
    List<LocalReplica> replicas;
    try {
      replicas = locator.find(key.account(), key.container());
    } catch (RuntimeException e) {
      return null;
    }
    for (LocalReplica replica : replicas) {
      List<Path> files = replica.dbFiles();
      for (Path file : files) {
        Live live = read(replica, file, file.equals(files.get(files.size() - 1)), key, lastRow);
        if (live != null) {
          return live;
        }
      }
    }
    return null;
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
  private static Live read(LocalReplica replica, Path file, boolean newest, StatusKey key, long lastRow) {
    try {
      PendingFile.Unmerged unmerged = newest ? PendingFile.read(replica.pendingFile()) : PendingFile.Unmerged.NONE;
      try (ContainerDb db = ContainerDb.open(file)) {
        if (!db.info().id().equals(key.dbId())) {
          return null;
        }
        List<CrawlRow> next = db.crawlRowsAfter(lastRow, 1);
        Instant first = next.isEmpty() ? null : next.get(0).timestamps().meta().toInstant();
        return new Live(db.maxRowId(), unmerged.rowsBeyond(db, lastRow), earliest(first, unmerged.oldest()));
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
