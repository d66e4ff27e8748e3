package io.cloudsync.crawler.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudsync.swift.SwiftTimestamp;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerDbTest {
  private static final String HASH = "0123456789abcdef0123456789abcdef";

  @TempDir
  static Path shared;
  static Path populated;
  static JsonNode swift;

  @TempDir
  Path dir;

  @BeforeAll
  static void createWithSwift() throws Exception {
    populated = shared.resolve("populated").resolve(HASH + ".db");
    swift = SwiftDbs.create(populated, "populated");
  }

  @Test
  void readsInfoLikeSwift() throws Exception {
    try (ContainerDb db = ContainerDb.open(populated)) {
      ContainerInfo info = db.info();
      JsonNode expected = swift.get("info");

      assertThat(info.id()).isEqualTo(expected.get("id").asText()).isNotBlank();
      assertThat(info.account()).isEqualTo(SwiftDbs.ACCOUNT);
      assertThat(info.container()).isEqualTo(SwiftDbs.CONTAINER);
      assertThat(info.putTimestamp()).isEqualTo(SwiftTimestamp.parse(expected.get("put_timestamp").asText()));
      assertThat(info.deleteTimestamp()).isEqualTo(SwiftTimestamp.parse("0"));
      assertThat(info.objectCount()).isEqualTo(expected.get("object_count").asLong()).isEqualTo(4);
      assertThat(info.bytesUsed()).isEqualTo(expected.get("bytes_used").asLong()).isEqualTo(5 + 0 + 100 + 1);
      assertThat(info.storagePolicyIndex()).isZero();
      assertThat(info.deleted()).isFalse();
      assertThat(info.sharded()).isFalse();
    }
  }

  @Test
  void metadataKeepsNonEmptyValuesCaseInsensitively() throws Exception {
    try (ContainerDb db = ContainerDb.open(populated)) {
      ContainerInfo info = db.info();

      assertThat(swift.get("metadata").has("X-Container-Meta-Gone")).isTrue();
      assertThat(info.metadata()).containsOnlyKeys("X-Container-Meta-Color", "X-Container-Sync-To");
      assertThat(info.metadata("x-container-meta-color")).isEqualTo("blue");
      assertThat(info.metadata().get("X-CONTAINER-SYNC-TO")).isEqualTo("//realm/cluster/AUTH_x/y");
    }
  }

  @Test
  void readsRowsLikeSwiftsGetItemsSince() throws Exception {
    try (ContainerDb db = ContainerDb.open(populated)) {
      List<ObjectRow> rows = db.rowsAfter(0, 1000);
      JsonNode expected = swift.get("rows");

      assertThat(rows).hasSize(expected.size());
      for (int i = 0; i < rows.size(); i++) {
        ObjectRow row = rows.get(i);
        JsonNode e = expected.get(i);
        assertThat(row.rowId()).isEqualTo(e.get("ROWID").asLong());
        assertThat(row.name()).isEqualTo(e.get("name").asText());
        assertThat(row.createdAt()).isEqualTo(e.get("created_at").asText());
        assertThat(row.size()).isEqualTo(e.get("size").asLong());
        assertThat(row.etag()).isEqualTo(e.get("etag").asText());
        assertThat(row.deleted()).isEqualTo(e.get("deleted").asInt() == 1);
        assertThat(row.storagePolicyIndex()).isEqualTo(e.get("storage_policy_index").asInt());
        JsonNode d = e.get("decoded");
        assertThat(row.timestamps()).as(row.createdAt()).isEqualTo(new RowTimestamps(ts(d.get(0)), ts(d.get(1)), ts(d.get(2))));
      }
      // one pending merge keeps the first position of a name updated twice in the batch ('a')
      assertThat(rows).extracting(ObjectRow::name)
          .containsExactly("a", SwiftDbs.UNICODE_NAME, "slo", "doomed", "ctype");
      ObjectRow slo = rows.get(2);
      assertThat(slo.contentType()).isEqualTo("application/octet-stream");
      assertThat(slo.swiftBytes()).isEqualTo(1048576L);
      ObjectRow empty = rows.get(1);
      assertThat(empty.size()).isZero();
      assertThat(empty.swiftBytes()).isNull();
      ObjectRow doomed = rows.get(3);
      assertThat(doomed.deleted()).isTrue();
      assertThat(doomed.contentType()).isEqualTo("application/deleted");
      ObjectRow posted = rows.get(0);
      assertThat(posted.createdAt()).isEqualTo("1500000001.00000+0+7a120");
      assertThat(posted.timestamps().meta()).isEqualTo(SwiftTimestamp.parse("1500000006"));
      assertThat(rows.get(4).timestamps().contentType()).isEqualTo(SwiftTimestamp.parse("1500000008"));
    }
  }

  @Test
  void pagesByRowIdAndKnowsTheLastOne() throws Exception {
    try (ContainerDb db = ContainerDb.open(populated)) {
      List<ObjectRow> all = db.rowsAfter(0, 1000);
      List<ObjectRow> first = db.rowsAfter(0, 2);
      List<ObjectRow> rest = db.rowsAfter(first.get(1).rowId(), 1000);

      assertThat(first).containsExactlyElementsOf(all.subList(0, 2));
      assertThat(rest).containsExactlyElementsOf(all.subList(2, all.size()));
      assertThat(db.maxRowId()).isEqualTo(all.get(all.size() - 1).rowId());
      assertThat(db.rowsAfter(db.maxRowId(), 10)).isEmpty();
    }
  }

  @Test
  void crawlRowsAreTheDecidingColumnsOfTheFullRowsPageByPage() throws Exception {
    try (ContainerDb db = ContainerDb.open(populated)) {
      List<ObjectRow> all = db.rowsAfter(0, 1000);
      List<CrawlRow> crawled = new java.util.ArrayList<>();
      long cursor = 0;
      for (List<CrawlRow> page; !(page = db.crawlRowsAfter(cursor, 2)).isEmpty(); cursor = page.get(page.size() - 1).rowId()) {
        assertThat(page.size()).isLessThanOrEqualTo(2);
        crawled.addAll(page);
      }
      assertThat(crawled.stream().map(r -> List.of(r.rowId(), r.name(), r.createdAt(), r.deleted(),
          String.valueOf(r.listedEtag()))).toList())
          .containsExactlyElementsOf(all.stream().map(r -> List.of(r.rowId(), r.name(), r.createdAt(), r.deleted(),
              String.valueOf(r.deleted() || r.swiftBytes() != null ? null : r.etag()))).toList());
      assertThat(crawled).anyMatch(CrawlRow::deleted).anyMatch(r -> !r.deleted());
      assertThat(crawled.get(0).timestamps()).isEqualTo(all.get(0).timestamps());
    }
  }

  @Test
  void theReusedCrawlQueryHoldsNoLockBetweenPages() throws Exception {
    Path copy = Files.createDirectories(dir.resolve("lock")).resolve(HASH + ".db");
    Files.copy(populated, copy);
    try (ContainerDb db = ContainerDb.open(copy, new LockRetry(Duration.ZERO, 1, Duration.ZERO, Duration.ZERO))) {
      assertThat(db.crawlRowsAfter(0, 1)).hasSize(1);
      try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + copy);
           Statement statement = writer.createStatement()) {
        statement.execute("PRAGMA busy_timeout = 0");
        statement.execute("CREATE TABLE written_between_pages (x)");  // needs an exclusive lock
      }
      assertThat(db.crawlRowsAfter(0, 1000)).hasSize(db.rowsAfter(0, 1000).size());
    }
  }

  /** 2,500 tombstones, a live row, 1,500 tombstones, a live row: ROWIDs 1..4002. */
  private static Path tombstones(Path dir) throws Exception {
    Path db = dir.resolve("tombstones").resolve(HASH + ".db");
    io.cloudsync.crawler.support.Python.run("""
        import os, sys
        from swift.common import utils
        utils.HASH_PATH_PREFIX = b'p'
        utils.HASH_PATH_SUFFIX = b's'
        from swift.common.utils import Timestamp
        from swift.container.backend import ContainerBroker
        os.makedirs(os.path.dirname(sys.argv[1]))
        b = ContainerBroker(sys.argv[1], account='a', container='c')
        b.initialize(Timestamp(1500000000).internal, 0)
        def row(i, deleted):
            return {'name': 'o%05d' % i, 'created_at': Timestamp(1500000000 + i * 1e-5).internal, 'size': 1 - deleted,
                    'content_type': 'text/plain', 'etag': 'e', 'deleted': deleted, 'storage_policy_index': 0}
        b.merge_items([row(i, 1) for i in range(2500)])
        b.merge_items([row(2500, 0)])
        b.merge_items([row(i, 1) for i in range(2501, 4001)])
        b.merge_items([row(4001, 0)])
        """, db.toString());
    return db;
  }

  @Test
  void liveRowsBetweenSkipsTombstonesUpToTheBound() throws Exception {
    try (ContainerDb db = ContainerDb.open(tombstones(dir))) {
      assertThat(db.maxRowId()).isEqualTo(4002);
      List<CrawlRow> live = db.liveRowsBetween(0, 4002, 1000);
      assertThat(live).extracting(CrawlRow::name).containsExactly("o02500", "o04001");
      assertThat(live).extracting(CrawlRow::rowId).containsExactly(2501L, 4002L);
      assertThat(live).noneMatch(CrawlRow::deleted);
      // the bound is inclusive and nothing beyond it comes back
      assertThat(db.liveRowsBetween(0, 4001, 1000)).extracting(CrawlRow::rowId).containsExactly(2501L);
      assertThat(db.liveRowsBetween(2501, 4001, 1000)).isEmpty();
      assertThat(db.liveRowsBetween(0, 2500, 1000)).isEmpty();
      // the limit counts live rows only
      assertThat(db.liveRowsBetween(0, 4002, 1)).extracting(CrawlRow::rowId).containsExactly(2501L);
      // what a filtered page examined
      assertThat(db.countRowsBetween(0, 4002)).isEqualTo(4002);
      assertThat(db.countRowsBetween(2501, 4002)).isEqualTo(1501);
      assertThat(db.countRowsBetween(4002, 4002)).isZero();
      assertThat(db.countRowsBetween(5000, 4002)).isZero();
    }
  }

  @Test
  void theLiveRowsQueryWalksTheRowIdRangeWithoutASort() throws Exception {
    Path db = tombstones(dir);
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
         java.sql.PreparedStatement explain = connection.prepareStatement("EXPLAIN QUERY PLAN " + ContainerDb.LIVE_ROWS_SQL)) {
      explain.setLong(1, 0);
      explain.setLong(2, 10);
      explain.setInt(3, 10);
      StringBuilder plan = new StringBuilder();
      try (java.sql.ResultSet rs = explain.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString("detail")).append('\n');
        }
      }
      assertThat(plan.toString()).contains("INTEGER PRIMARY KEY").doesNotContain("TEMP B-TREE")
          .doesNotContain("ix_object_deleted_name");
    }
  }

  @Test
  void neverWritesTheDb() throws Exception {
    Path copy = Files.createDirectories(dir.resolve("ro")).resolve(HASH + ".db");
    Files.copy(populated, copy);
    FileTime mtime = FileTime.fromMillis(1_500_000_000_000L);
    Files.setLastModifiedTime(copy, mtime);
    String before = sha256(copy);

    try (ContainerDb db = ContainerDb.open(copy)) {
      db.info();
      db.rowsAfter(0, 10);
      db.maxRowId();
    }

    assertThat(sha256(copy)).isEqualTo(before);
    assertThat(Files.getLastModifiedTime(copy)).isEqualTo(mtime);
    try (Stream<Path> files = Files.list(copy.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(HASH + ".db");
    }
  }

  @Test
  void opensPathsWithCharactersSpecialInUris() throws Exception {
    Path file = Files.createDirectories(dir.resolve("we?ird #%20 d\u00efr;mode=rw")).resolve(HASH + ".db");
    Files.copy(populated, file);

    try (ContainerDb db = ContainerDb.open(file)) {
      assertThat(db.info().objectCount()).isEqualTo(4);
    }
  }

  @Test
  void deletedContainer() throws Exception {
    Path file = dir.resolve("deleted").resolve(HASH + ".db");
    JsonNode expected = SwiftDbs.create(file, "deleted");

    try (ContainerDb db = ContainerDb.open(file)) {
      ContainerInfo info = db.info();
      assertThat(expected.get("deleted").asBoolean()).isTrue();
      assertThat(info.deleted()).isTrue();
      assertThat(info.deleteTimestamp()).isEqualTo(SwiftTimestamp.parse("1500000009"));
    }
  }

  @Test
  void shardRangesOtherThanItsOwnMeanSharded() throws Exception {
    Path own = dir.resolve("own").resolve(HASH + ".db");
    SwiftDbs.create(own, "shards", "no");
    Path found = dir.resolve("found").resolve(HASH + ".db");
    SwiftDbs.create(found, "shards", "yes");
    Path deleted = dir.resolve("deletedrange").resolve(HASH + ".db");
    SwiftDbs.create(deleted, "shards", "deleted");

    assertThat(sharded(own)).as("only its own shard range").isFalse();
    assertThat(sharded(found)).as("a found shard range").isTrue();
    assertThat(sharded(deleted)).as("only a deleted shard range").isFalse();
  }

  @Test
  void epochDbFilesMeanShardingOrSharded() throws Exception {
    Path retiring = Files.createDirectories(dir.resolve("sharding")).resolve(HASH + ".db");
    Files.copy(populated, retiring);
    Path fresh = retiring.resolveSibling(HASH + "_1500000000.00000.db");
    Files.copy(populated, fresh);

    assertThat(sharded(retiring)).as("sharding: both files exist").isTrue();
    Files.delete(retiring);
    assertThat(sharded(fresh)).as("sharded: only the epoch file").isTrue();
  }

  @Test
  void readsOldSchemas() throws Exception {
    Path file = Files.createDirectories(dir.resolve("old")).resolve(HASH + ".db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
         Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE object (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, created_at TEXT, "
          + "size INTEGER, content_type TEXT, etag TEXT, deleted INTEGER DEFAULT 0)");
      s.executeUpdate("CREATE TABLE container_stat (account TEXT, container TEXT, created_at TEXT, "
          + "put_timestamp TEXT DEFAULT '0', delete_timestamp TEXT DEFAULT '0', object_count INTEGER, "
          + "bytes_used INTEGER, reported_put_timestamp TEXT DEFAULT '0', reported_delete_timestamp TEXT DEFAULT '0', "
          + "reported_object_count INTEGER DEFAULT 0, reported_bytes_used INTEGER DEFAULT 0, hash TEXT, id TEXT, "
          + "status TEXT DEFAULT '', status_changed_at TEXT DEFAULT '0')");
      s.executeUpdate("INSERT INTO container_stat (account, container, created_at, put_timestamp, object_count, "
          + "bytes_used, id) VALUES ('AUTH_old', 'c', '1300000000.00000', '1300000000.00000', 1, 3, 'old-id')");
      s.executeUpdate("INSERT INTO object (name, created_at, size, content_type, etag) "
          + "VALUES ('o', '1300000001.00000', 3, 'text/plain', 'abc')");
    }

    try (ContainerDb db = ContainerDb.open(file)) {
      ContainerInfo info = db.info();
      assertThat(info.id()).isEqualTo("old-id");
      assertThat(info.objectCount()).isEqualTo(1);
      assertThat(info.storagePolicyIndex()).isZero();
      assertThat(info.metadata()).isEmpty();
      assertThat(info.sharded()).isFalse();
      assertThat(db.rowsAfter(0, 10)).containsExactly(
          new ObjectRow(1, "o", "1300000001.00000", 3, "text/plain", null, "abc", false, 0));
    }
  }

  @Test
  void retriesWhileAWriterHoldsTheLock() throws Exception {
    Path file = copyOfPopulated("locked");
    LockRetry retry = new LockRetry(Duration.ofMillis(50), 20, Duration.ofMillis(20), Duration.ofMillis(200));
    CountDownLatch locked = new CountDownLatch(1);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> holdExclusiveLock(file, locked, 700));
    assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

    long start = System.nanoTime();
    try (ContainerDb db = ContainerDb.open(file, retry)) {
      assertThat(db.info().objectCount()).isEqualTo(4);
    }
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    writer.get(10, TimeUnit.SECONDS);

    assertThat(waitedMs).as("waited for the writer, beyond one busy timeout").isGreaterThan(400);
  }

  @Test
  void givesUpAfterBoundedRetriesNamingTheFile() throws Exception {
    Path file = copyOfPopulated("stuck");
    LockRetry retry = new LockRetry(Duration.ofMillis(30), 3, Duration.ofMillis(20), Duration.ofMillis(40));
    CountDownLatch locked = new CountDownLatch(1);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> holdExclusiveLock(file, locked, 3000));
    assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

    long start = System.nanoTime();
    assertThatThrownBy(() -> ContainerDb.open(file, retry).close())
        .isInstanceOf(ContainerDbException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("still locked by a writer after 3 attempts");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
    writer.get(10, TimeUnit.SECONDS);
  }

  @Test
  void missingAndForeignFilesAreReportedClearly() throws Exception {
    Path missing = dir.resolve("nope.db");
    assertThatThrownBy(() -> ContainerDb.open(missing)).isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(missing.toString());

    Path foreign = dir.resolve("foreign.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign); Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE t (x)");
    }
    assertThatThrownBy(() -> ContainerDb.open(foreign)).isInstanceOf(ContainerDbException.class)
        .hasMessageContaining(foreign.toString()).hasMessageContaining("no 'object' table");

    Path garbage = dir.resolve("garbage.db");
    Files.writeString(garbage, "this is not sqlite, just some text that is long enough to have a header....");
    assertThatThrownBy(() -> ContainerDb.open(garbage)).isInstanceOf(ContainerDbException.class)
        .hasMessageContaining(garbage.toString());
  }

  private Path copyOfPopulated(String name) throws Exception {
    Path file = Files.createDirectories(dir.resolve(name)).resolve(HASH + ".db");
    Files.copy(populated, file);
    return file;
  }

  private static void holdExclusiveLock(Path file, CountDownLatch locked, long millis) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute("BEGIN EXCLUSIVE");
      locked.countDown();
      Thread.sleep(millis);
      s.execute("COMMIT");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean sharded(Path file) throws Exception {
    try (ContainerDb db = ContainerDb.open(file)) {
      return db.info().sharded();
    }
  }

  private static SwiftTimestamp ts(JsonNode rawAndOffset) {
    return new SwiftTimestamp(rawAndOffset.get(0).asLong(), rawAndOffset.get(1).asLong());
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
