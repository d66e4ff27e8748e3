package io.cloudsync.sync.pass;

import io.cloudsync.sync.hold.DeleteGuard;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.config.ConfigLoader;
import io.cloudsync.config.MappingConfig;
import io.cloudsync.crawler.locate.LocalReplica;
import io.cloudsync.crawler.ownership.RowOwnership;
import io.cloudsync.crawler.ring.RingDevice;
import io.cloudsync.status.CursorEntry;
import io.cloudsync.status.DeferredRow;
import io.cloudsync.status.StatusKey;
import io.cloudsync.status.StatusStore;
import io.cloudsync.swift.SwiftTimestamp;
import io.cloudsync.sync.metrics.SyncMetrics;
import io.cloudsync.sync.plan.RowPlanner;
import io.cloudsync.sync.work.WorkerPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pass over a mapping whose tombstones need nothing ({@code propagate_delete} off), where
 * SQLite skips them: both cursors must still move over every tombstone, live rows after long
 * runs of tombstones must still be found, and the verification cursor must stop right before a
 * row too young to verify, as it does when every row is read.
 */
class ReplicaPassPushdownTest {
  private static final String HASH = "0123456789abcdef0123456789abcdef";
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  Path dir;

  @Test
  void cursorsMoveOverTombstonesAndLiveRowsAreFound() throws Exception {
    for (int chunk : new int[] {1, 2, 100, 1000}) {
      Path base = Files.createDirectories(dir.resolve("chunk-" + chunk));
      Path dbFile = Files.createDirectories(base.resolve(HASH)).resolve(HASH + ".db");
      String mine = ownedBy(0, "mine-");
      String theirs = ownedBy(1, "theirs-");
      String young = ownedBy(1, "young-");
      try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dbFile)) {
        createSchema(db);
        tombstones(db, "a", 5000);
        row(db, mine, NOW.minusSeconds(60), false);       // ROWID 5001: own cursor defers it
        tombstones(db, "b", 3000);
        row(db, theirs, NOW.minusSeconds(60), false);     // 8002: the verification cursor defers it
        tombstones(db, "c", 2000);
        row(db, young, NOW.plusSeconds(60), false);       // 10003: too young to verify
        tombstones(db, "d", 1000);                        // up to 11003
      }
      LocalReplica replica = new LocalReplica("AUTH_a", "c", 1, HASH,
          new RingDevice(0, 1, 1, "127.0.0.1", 6011, "127.0.0.1", 6011, "sdb1", 1.0, "", 0), 0, 2, dbFile);
      MappingConfig mapping = new ConfigLoader().parse("""
          {"containers": [{"account": "AUTH_a", "container": "c", "aws_bucket": "b",
            "aws_endpoint": "http://127.0.0.1:9", "aws_identity": "i", "aws_secret": "s",
            "propagate_delete": false, "copy_after": 3600}],
           "devices": "%s", "swift_dir": "%s", "status_dir": "%s"}
          """.formatted(base, base, base.resolve("status")), "test").containers().get(0);
      RowPlanner planner = new RowPlanner(false, Duration.ofHours(1));
      assertThat(planner.tombstonesNeedNothing()).isTrue();
      MappingRuntime runtime = new MappingRuntime(mapping, null, null, planner, new MappingHealth("pushdown"),
          DeleteGuard.none());
      Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
      StatusStore status = new StatusStore(base.resolve("status"), clock);
      SyncMetrics metrics = new SyncMetrics();
      try (WorkerPool pool = new WorkerPool("pushdown", 2)) {
        ReplicaPass pass = new ReplicaPass(runtime, io.cloudsync.crawler.shard.CrawlDb.unsharded(replica), new ReplicaPass.Settings(chunk, Duration.ZERO,
            Duration.ofHours(1)), status, pool, metrics, clock);

        assertThat(pass.run()).as("rows handed to workers").isZero();

        CursorEntry entry = status.read(new StatusKey("AUTH_a", "c", "db-id", mapping.targetId()), "b",
            runtime.policy());
        assertThat(entry.lastRow()).as("own cursor, chunk %d", chunk).isEqualTo(11_003);
        assertThat(entry.lastVerifiedRow()).as("verification cursor, chunk %d", chunk).isEqualTo(10_002);
        assertThat(entry.maxRow()).isEqualTo(11_003);
        assertThat(entry.deferred()).extracting(DeferredRow::row, DeferredRow::name).containsExactly(
            org.assertj.core.groups.Tuple.tuple(5001L, mine), org.assertj.core.groups.Tuple.tuple(8002L, theirs));
        assertThat(metrics.rowsScannedTotal()).as("rows SQLite examined, chunk %d", chunk)
            .isGreaterThanOrEqualTo(11_003 + 10_002);

        // more tombstones only: both cursors move to the new end; the young row, now old enough, is deferred
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dbFile)) {
          tombstones(db, "e", 500);
        }
        ReplicaPass later = new ReplicaPass(runtime, io.cloudsync.crawler.shard.CrawlDb.unsharded(replica), new ReplicaPass.Settings(chunk, Duration.ZERO,
            Duration.ofHours(1)), status, pool, metrics, Clock.fixed(NOW.plusSeconds(1800), ZoneOffset.UTC));
        later.run();
        CursorEntry after = status.read(new StatusKey("AUTH_a", "c", "db-id", mapping.targetId()), "b",
            runtime.policy());
        assertThat(after.lastRow()).isEqualTo(11_503);
        assertThat(after.lastVerifiedRow()).isEqualTo(11_503);
        assertThat(after.deferred()).extracting(DeferredRow::row).containsExactly(5001L, 8002L, 10_003L);
      }
    }
  }

  private static String ownedBy(int node, String prefix) {
    for (int i = 0; ; i++) {
      if (RowOwnership.ownerIndex(prefix + i, 2) == node) {
        return prefix + i;
      }
    }
  }

  private static void createSchema(Connection db) throws Exception {
    try (Statement s = db.createStatement()) {
      s.execute("CREATE TABLE object (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, created_at TEXT,"
          + " size INTEGER, content_type TEXT, etag TEXT, deleted INTEGER DEFAULT 0,"
          + " storage_policy_index INTEGER DEFAULT 0)");
      s.execute("CREATE INDEX ix_object_deleted_name ON object (deleted, name)");
      s.execute("CREATE TABLE container_stat (account TEXT, container TEXT, created_at TEXT,"
          + " put_timestamp TEXT DEFAULT '0', delete_timestamp TEXT DEFAULT '0', object_count INTEGER,"
          + " bytes_used INTEGER, id TEXT, status TEXT DEFAULT '', metadata TEXT DEFAULT '',"
          + " storage_policy_index INTEGER DEFAULT 0)");
      s.execute("INSERT INTO container_stat (account, container, created_at, put_timestamp, object_count,"
          + " bytes_used, id) VALUES ('AUTH_a', 'c', '1500000000.00000', '1500000000.00000', 3, 3, 'db-id')");
    }
  }

  private static void tombstones(Connection db, String prefix, int count) throws Exception {
    db.setAutoCommit(false);
    for (int i = 0; i < count; i++) {
      row(db, prefix + i, NOW.minusSeconds(7200), true);
    }
    db.commit();
    db.setAutoCommit(true);
  }

  private static void row(Connection db, String name, Instant time, boolean deleted) throws Exception {
    try (PreparedStatement insert = db.prepareStatement("INSERT INTO object (name, created_at, size, content_type,"
        + " etag, deleted) VALUES (?, ?, ?, 'text/plain', 'e', ?)")) {
      insert.setString(1, name);
      insert.setString(2, SwiftTimestamp.ofInstant(time).internal());
      insert.setInt(3, deleted ? 0 : 1);
      insert.setInt(4, deleted ? 1 : 0);
      insert.executeUpdate();
    }
  }
}
