package io.cloudsync.cli;

import io.cloudsync.config.SyncConfig;
import io.cloudsync.crawler.db.ContainerDb;
import io.cloudsync.crawler.db.CrawlRow;
import io.cloudsync.crawler.locate.LocalReplica;
import io.cloudsync.crawler.locate.ReplicaLocator;
import io.cloudsync.status.StatusKey;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Rows behind read from this node's container DBs (read-only) rather than from the status file,
 * so that {@code status} tells the truth while the daemon cannot save progress (a blocked mapping,
 * a hung target): the DB's highest row now, and the meta time of the first row after the cursor.
 */
final class LiveProgress {
  /** The DB now: its highest row, and the meta time of the first row after the cursor (null: none). */
  record Live(long maxRow, Instant oldestPending) {}

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
      if (!replica.exists()) {
        continue;
      }
      try (ContainerDb db = ContainerDb.open(replica.dbFile())) {
        if (!db.info().id().equals(key.dbId())) {
          continue;
        }
        List<CrawlRow> next = db.crawlRowsAfter(lastRow, 1);
        return new Live(db.maxRowId(), next.isEmpty() ? null : next.get(0).timestamps().meta().toInstant());
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }
    return null;
  }
}
