package io.cloudsync.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.crawler.db.ContainerDb;
import io.cloudsync.crawler.db.ContainerInfo;
import io.cloudsync.crawler.db.LockRetry;
import io.cloudsync.crawler.db.ObjectRow;
import io.cloudsync.crawler.locate.LocalReplica;
import io.cloudsync.crawler.locate.ReplicaLocator;
import io.cloudsync.crawler.ownership.RowOwnership;
import io.cloudsync.crawler.pending.PendingMerger;
import io.cloudsync.crawler.support.Python;
import io.cloudsync.testing.Saio;
import io.cloudsync.testing.SwiftClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Container DB replicas of the real SAIO: located through the ring on each of the three nodes (bind
 * ip + port, like three daemons on one host), merged through their container servers, read
 * read-only.
 */
class ContainerReplicaIT {
  private static final String UNICODE = "\u00fcn\u00efc\u00f8d\u00e9/\u2603 name %20?#";
  private static final String EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e";

  static Saio saio;
  static SwiftClient client;

  @BeforeAll
  static void saio() {
    saio = Saio.get();
    client = saio.client();
  }

  @Test
  void everyReplicaHasTheSameRowsAndTheContainerMetadata() throws Exception {
    String container = "crawler-it-\u00e9-" + UUID.randomUUID();
    client.createContainer(container);
    client.post(container, null, Map.of("X-Container-Meta-Color", "blue"));
    client.put(container, "plain.txt", "hello".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "text/plain"));
    client.put(container, UNICODE, "x".getBytes(StandardCharsets.UTF_8), Map.of());
    client.put(container, "empty", new byte[0], Map.of());
    client.put(container, "doomed", "bye".getBytes(StandardCharsets.UTF_8), Map.of());
    client.delete(container, "doomed");
    client.post(container, "plain.txt", Map.of("X-Object-Meta-Foo", "bar"));

    PendingMerger merger = new PendingMerger();
    Map<Integer, List<ObjectRow>> rowsByNode = new HashMap<>();
    Set<Integer> indexes = new HashSet<>();
    Map<String, Integer> owners = new HashMap<>();
    for (int n = 1; n <= 3; n++) {
      SaioNodes node = SaioNodes.node(saio, n);
      ReplicaLocator locator = new ReplicaLocator(saio.swiftDir(), node.devices(), node.bindIp(), node.bindPort());
      List<LocalReplica> replicas = locator.find(saio.account(), container);
      assertThat(replicas).as("replicas on node %d", n).hasSize(1);
      LocalReplica replica = replicas.get(0);
      assertThat(replica.device().device()).isEqualTo("sdb" + n);
      assertThat(replica.nodeCount()).isEqualTo(3);
      assertThat(replica.exists()).as(replica.dbFile().toString()).isTrue();
      indexes.add(replica.nodeIndex());

      merger.mergeIfPending(replica);
      assertThat(Files.size(replica.pendingFile())).as("pending after merge on node %d", n).isZero();

      try (ContainerDb db = ContainerDb.open(replica.dbFile())) {
        ContainerInfo info = db.info();
        assertThat(info.account()).isEqualTo(saio.account());
        assertThat(info.container()).isEqualTo(container);
        assertThat(info.id()).endsWith("-sdb" + n);
        assertThat(info.metadata("x-container-meta-color")).isEqualTo("blue");
        assertThat(info.objectCount()).isEqualTo(3);
        assertThat(info.bytesUsed()).isEqualTo(5 + 1);
        assertThat(info.deleted()).isFalse();
        assertThat(info.sharded()).isFalse();

        List<ObjectRow> rows = db.rowsAfter(0, 1000);
        rowsByNode.put(n, rows);
        Map<String, ObjectRow> byName = rows.stream().collect(Collectors.toMap(ObjectRow::name, r -> r));
        assertThat(byName.get("empty").size()).isZero();
        assertThat(byName.get("empty").etag()).isEqualTo(EMPTY_MD5);
        assertThat(byName.get("doomed").deleted()).isTrue();
        assertThat(byName.get(UNICODE).deleted()).isFalse();
        ObjectRow posted = byName.get("plain.txt");
        assertThat(posted.contentType()).isEqualTo("text/plain");
        assertThat(posted.timestamps().meta()).as(posted.createdAt()).isGreaterThan(posted.timestamps().data());
        assertThat(posted.timestamps().contentType()).isEqualTo(posted.timestamps().data());
        assertThat(db.maxRowId()).isEqualTo(rows.get(rows.size() - 1).rowId());
        for (ObjectRow row : rows) {
          if (RowOwnership.owns(row.name(), replica.nodeIndex(), replica.nodeCount())) {
            owners.merge(row.name(), 1, Integer::sum);
          }
        }
      }
    }

    assertThat(indexes).containsExactlyInAnyOrder(0, 1, 2);
    Set<String> names1 = names(rowsByNode.get(1));
    assertThat(names1).containsExactlyInAnyOrder("plain.txt", UNICODE, "empty", "doomed");
    assertThat(names(rowsByNode.get(2))).isEqualTo(names1);
    assertThat(names(rowsByNode.get(3))).isEqualTo(names1);
    assertThat(owners).as("each row is owned by exactly one replica's node")
        .containsOnlyKeys(names1).allSatisfy((name, count) -> assertThat(count).isEqualTo(1));
  }

  @Test
  void pendingMergerMakesAJustPutRowVisible() throws Exception {
    String container = "crawler-it-pending-" + UUID.randomUUID();
    client.createContainer(container);
    client.put(container, "first", "1".getBytes(StandardCharsets.UTF_8), Map.of());
    PendingMerger merger = new PendingMerger();
    // nodes 2 and 3: the SAIO runs a container-updater loop on node 1 that also merges pending files
    List<LocalReplica> replicas = List.of(replica(2, container), replica(3, container));
    for (LocalReplica replica : replicas) {
      merger.mergeIfPending(replica);
      assertThat(names(replica)).contains("first");
    }

    client.put(container, "second \u2603", "2".getBytes(StandardCharsets.UTF_8), Map.of());

    for (LocalReplica replica : replicas) {
      assertThat(Files.size(replica.pendingFile())).as("pending on %s", replica.device()).isPositive();
      assertThat(names(replica)).as("before the merge").doesNotContain("second \u2603");
      assertThat(merger.mergeIfPending(replica)).isTrue();
      assertThat(names(replica)).as("after the merge").contains("first", "second \u2603");
      assertThat(merger.mergeIfPending(replica)).as("nothing left to merge").isFalse();
    }
  }

  @Test
  void aReplicaLockedByAWriterIsReadOnceTheWriterCommits() throws Exception {
    String container = "crawler-it-locked-" + UUID.randomUUID();
    client.createContainer(container);
    client.put(container, "o", "1".getBytes(StandardCharsets.UTF_8), Map.of());
    LocalReplica replica = replica(3, container);
    // this replica only, not a walk over the whole SAIO: that took minutes on a busy CI box
    new PendingMerger().mergeIfPending(replica);

    Process writer = new ProcessBuilder(Python.interpreter(), "-c", """
        import sqlite3, sys, time
        c = sqlite3.connect(sys.argv[1], isolation_level=None)
        c.execute('BEGIN EXCLUSIVE')
        print('locked', flush=True)
        time.sleep(1.0)
        c.execute('COMMIT')
        """, replica.dbFile().toString()).redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("locked");
      long start = System.nanoTime();
      try (ContainerDb db = ContainerDb.open(replica.dbFile(),
          new LockRetry(Duration.ofMillis(100), 30, Duration.ofMillis(50), Duration.ofMillis(300)))) {
        assertThat(db.info().objectCount()).isEqualTo(1);
        assertThat(db.rowsAfter(0, 10)).extracting(ObjectRow::name).containsExactly("o");
      }
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("waited for the writer").isGreaterThan(500);
    } finally {
      assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(writer.exitValue()).isZero();
  }

  private static LocalReplica replica(int n, String container) throws IOException {
    SaioNodes node = SaioNodes.node(saio, n);
    List<LocalReplica> found = new ReplicaLocator(saio.swiftDir(), node.devices(), node.bindIp(), node.bindPort())
        .find(saio.account(), container);
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static Set<String> names(LocalReplica replica) throws IOException {
    try (ContainerDb db = ContainerDb.open(replica.dbFile())) {
      return names(db.rowsAfter(0, 1000));
    }
  }

  private static Set<String> names(List<ObjectRow> rows) {
    return rows.stream().map(ObjectRow::name).collect(Collectors.toCollection(TreeSet::new));
  }
}
