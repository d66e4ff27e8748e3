package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.md5Hex;
import static io.cloudsync.cli.SyncFixture.s3Key;
import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.crawler.db.ContainerDb;
import io.cloudsync.crawler.db.ShardRange;
import io.cloudsync.crawler.locate.LocalReplica;
import io.cloudsync.crawler.locate.ReplicaLocator;
import io.cloudsync.testing.EmbeddedS3;
import io.cloudsync.testing.Shell;
import io.cloudsync.testing.SwiftClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A container synced to S3 while Swift's own tools shard it ({@code swift-manage-shard-ranges},
 * {@code swift-container-sharder}, one node at a time, so the root is caught mid-sharding) and
 * shrink it back into the root. One cloudsync daemon per SAIO node ({@code sync --once}, one
 * node after the other); writes, overwrites and deletes before, during (between sharder passes)
 * and after sharding. At every step the bucket holds exactly the live objects with their ETags,
 * and S3Proxy's own request counts show that no unchanged object is uploaded twice although
 * cleaving and shrinking re-insert every row into other DBs.
 */
class ShardedContainerIT {
  static final int NODES = 3;
  /**
   * The 2,000 objects before sharding, in four shards; every range below scales with it
   * ({@code -Dsharded.objects=N}). Measured back to back on this 2-core box at a load average of
   * 17-23 (other builds): 2,000 took 572 s, 1,000 took 480 s (170 s on a quieter day): the SAIO's
   * load, not the object count, dominates.
   */
  static final int OBJECTS = Integer.getInteger("sharded.objects", 2000);
  static final int ROWS_PER_SHARD = OBJECTS / 4;
  /** Names in the last shard's range: the sharder cleaves two ranges a pass, so not cleaved after one. */
  static final int LATE = OBJECTS * 3 / 4;
  static final String PYTHON = "/usr/bin/python3";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static EmbeddedS3 s3;

  @TempDir
  Path dir;
  SyncFixture fx;
  SwiftClient swift;
  String container;
  String bucket;
  ReplicaLocator node1;
  List<Path> confs;
  /** Every live object and its body: what the bucket must hold. */
  final Map<String, byte[]> live = new ConcurrentHashMap<>();
  /** Uploads the writes so far call for: each new body once. */
  long expectedPuts;
  long puts0;
  int version;
  boolean parallelSync;
  boolean shardingStarted;

  @BeforeAll
  static void startS3() {
    s3 = EmbeddedS3.start();
  }

  @AfterAll
  static void stopS3() {
    s3.close();
  }

  @BeforeEach
  void setUp() throws IOException {
    fx = new SyncFixture(dir);
    swift = fx.saio.client();
    container = unique("shard-it");
    bucket = unique("shard-bucket");
    swift.createContainer(container);
    s3.createBucket(bucket);
    node1 = new ReplicaLocator(fx.saio.swiftDir(), fx.saio.devices(1), fx.saio.bindIp(1), fx.saio.containerPort(1));
  }

  /** One config per node; {@code mapping} adjusts the mapping. */
  private void configs(Consumer<ObjectNode> adjust) throws IOException {
    confs = new ArrayList<>();
    for (int node = 1; node <= NODES; node++) {
      ObjectNode mapping = fx.mapping(container, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY,
          EmbeddedS3.SECRET);
      adjust.accept(mapping);
      ObjectNode c = fx.config(node, mapping);
      // Owners only: every row is in every replica of its DB (the object servers update all
      // three, the sharder replicates what it cleaves), so each DB's rows are handled once.
      c.put("verification_slack", 60);
      c.put("workers", 8);
      c.put("items_chunk", 500);
      confs.add(fx.write("node" + node + ".json", c));
    }
  }

  @Test
  void syncsBeforeDuringAndAfterShardingAndAfterShrinkingBackToTheRoot() throws Exception {
    configs(m -> m.put("propagate_delete", true));
    long start = System.nanoTime();
    puts0 = s3.requests("PutObject");
    put(names(0, OBJECTS));
    parallelSync = true; // one DB per node, each row owned by one node: the nodes cannot race
    phase("initial sync of " + OBJECTS + " objects", start);
    parallelSync = false;

    // before sharding: overwrites, deletes, new objects
    put(names(0, 30));
    delete(names(30, 60));
    put(names(OBJECTS, OBJECTS + 30));
    phase("before sharding", start);

    // sharding: node 1's root is sharded by Swift's tools; its sharder cleaves two ranges a pass
    manage("find_and_replace", Integer.toString(ROWS_PER_SHARD), "--enable", "--force");
    sharder(1);
    assertThat(rootFiles(1)).as("node 1's root is mid-sharding: retiring and fresh DB").hasSize(2);
    List<String> shards = shardContainers();
    assertThat(shards).as("shard containers").hasSizeGreaterThanOrEqualTo(4);
    put(names(60, 80)); // in the first, cleaved range
    put(names(LATE, LATE + 20)); // in a range not cleaved yet
    delete(names(80, 90));
    delete(names(LATE + 20, LATE + 30));
    put(names(OBJECTS + 30, OBJECTS + 50));
    phase("during sharding (node 1 cleaved part of its root)", start);

    sharder(2);
    put(names(90, 100));
    delete(names(LATE + 30, LATE + 40));
    phase("during sharding (node 2's sharder pass)", start);

    for (int round = 0; round < 3 && !rootsAre(1); round++) {
      sharder(1);
      sharder(2);
      sharder(3);
    }
    assertThat(rootsAre(1)).as("every root replica sharded: only <hash>_<epoch>.db").isTrue();
    put(names(100, 120));
    delete(names(LATE + 40, LATE + 60));
    put(names(OBJECTS + 50, OBJECTS + 80));
    phase("after sharding", start);

    JsonNode status = status(confs.get(0));
    Set<String> shardRows = new TreeSet<>();
    for (JsonNode row : status) {
      if (row.get("account").asText().equals(".shards_" + fx.saio.account())
          && row.get("container").asText().startsWith(container + "-")) {
        shardRows.add(row.get("container").asText());
        assertThat(row.get("root").asText()).isEqualTo(fx.saio.account() + "/" + container);
        assertThat(row.get("last_row").asLong()).as("shard cursor").isEqualTo(row.get("max_row").asLong());
      }
    }
    assertThat(shardRows).as("status shows node 1's shard DBs").containsExactlyInAnyOrderElementsOf(shards);

    // shrink every shard back into the root: the root collapses and holds all rows again
    manage("compact", "--shrink-threshold", "100000", "--expansion-limit", "100000", "--max-shrinking", "100",
        "--max-expanding", "100", "--yes");
    replicateRoot(); // the shards learn they shrink from the root's replicas: all of them must know
    for (int round = 0; round < 3 && !collapsed(); round++) {
      sharder(1);
      sharder(2);
      sharder(3);
    }
    assertThat(collapsed()).as("the root collapsed: no active shard range").isTrue();
    put(names(120, 140));
    delete(names(LATE + 60, LATE + 80));
    put(names(OBJECTS + 80, OBJECTS + 100));
    phase("after shrinking back to the root", start);

    // Swift removes a shrunk shard's DB after reclaim_age; do what its replicator then does
    for (int n = 1; n <= NODES; n++) {
      for (String shard : shards) {
        for (LocalReplica replica : locator(n).find(".shards_" + fx.saio.account(), shard)) {
          for (Path file : replica.dbFiles()) {
            java.nio.file.Files.deleteIfExists(file);
          }
          java.nio.file.Files.deleteIfExists(replica.pendingFile());
        }
      }
    }
    syncAllNodes();
    JsonNode after = status(confs.get(0));
    List<String> left = new ArrayList<>();
    after.forEach(row -> {
      if (row.get("container").asText().startsWith(container + "-")) {
        left.add(row.get("container").asText());
      }
    });
    assertThat(left).as("status of the shrunk shards pruned").isEmpty();
  }

  @Test
  void archiveModeEmptiesAContainerBeforeDuringAndAfterSharding() throws Exception {
    configs(m -> m.put("retain_local", false).put("propagate_delete", false));
    long start = System.nanoTime();
    puts0 = s3.requests("PutObject");
    put(names(0, 200));
    manage("find_and_replace", "50", "--enable", "--force");
    sharder(1);
    assertThat(rootFiles(1)).as("node 1's root is mid-sharding").hasSize(2);
    put(names(200, 220));
    phase("archive: during sharding", start);
    awaitEmptyLocally();

    for (int round = 0; round < 3 && !rootsAre(1); round++) {
      sharder(1);
      sharder(2);
      sharder(3);
    }
    assertThat(rootsAre(1)).as("every root replica sharded").isTrue();
    put(names(220, 240));
    phase("archive: after sharding", start);
    awaitEmptyLocally();
  }

  /**
   * The operator's alarm for a sharded container that cannot be synced whole: a shard DB on this
   * node whose root sysmeta names another container (a shard DB copied or restored into the wrong
   * place, a half-finished sharder change) is not synced under this mapping, and a running daemon
   * raises {@code cloudsync_alert{reason="sharded_container"}} until the shard names its root again.
   */
  @Test
  void aShardNamingAnotherRootRaisesTheShardedContainerAlertUntilItIsFixed() throws Exception {
    configs(m -> m.put("propagate_delete", true));
    put(names(0, 60));
    manage("find_and_replace", "20", "--enable", "--force");
    sharder(1);
    List<String> shards = shardContainers();
    String shard = shards.stream().filter(s -> !locator(1).find(".shards_" + fx.saio.account(), s).isEmpty()
        && locator(1).find(".shards_" + fx.saio.account(), s).get(0).exists()).findFirst()
        .orElseThrow(() -> new AssertionError("node 1 holds no shard DB of " + shards));
    int port = DaemonProcess.freePort();
    ObjectNode c = (ObjectNode) SyncFixture.JSON.readTree(confs.get(0).toFile());
    c.put("metrics_bind", "127.0.0.1:" + port);
    c.put("poll_interval", 2);
    Path conf = fx.write("alert.json", c);
    String alert = "cloudsync_alert{account=\"" + fx.saio.account() + "\",container=\"" + container
        + "\",reason=\"sharded_container\"";
    String root = fx.saio.account() + "/" + container;
    try (DaemonProcess daemon = DaemonProcess.start(conf, dir.resolve("alert-daemon.log"), port)) {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
          assertThat(daemon.metric("cloudsync_passes_total")).as(daemon.log()).isGreaterThanOrEqualTo(1));
      assertThat(daemon.metric(alert)).as("no alert while every shard names its root").isIn(-1.0, 0.0);

      shardRoot(shard, fx.saio.account() + "/someone-else");
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
          assertThat(daemon.metric(alert)).as("alert while %s names another root", shard).isEqualTo(1.0));

      shardRoot(shard, root);
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
          assertThat(daemon.metric(alert)).as("alert cleared once %s names %s again", shard, root).isEqualTo(0.0));
    }
  }

  /**
   * Sets a shard's root sysmeta on node 1's replica, as Swift's sharder does: a POST straight to
   * the container server (the proxies' gatekeeper strips sysmeta from clients).
   */
  private void shardRoot(String shard, String root) throws Exception {
    for (LocalReplica replica : locator(1).find(".shards_" + fx.saio.account(), shard)) {
      URI uri = URI.create("http://" + replica.device().ip() + ":" + replica.device().port() + "/"
          + replica.device().device() + "/" + replica.partition() + "/" + SwiftClient.encodePath(".shards_"
          + fx.saio.account() + "/" + shard));
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody())
          .header("X-Timestamp", io.cloudsync.swift.SwiftTimestamp.ofInstant(java.time.Instant.now()).toString())
          .header("X-Container-Sysmeta-Shard-Quoted-Root", root).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("POST %s: %s", uri, r.body()).isEqualTo(204);
    }
  }

  /** Archive mode deleted every archived object locally: the container's listing (over all shards) is empty. */
  private void awaitEmptyLocally() throws Exception {
    List<String> names = List.of();
    for (int i = 0; i < 4; i++) {
      names = listing(fx.saio.account(), container, "");
      if (names.isEmpty()) {
        return;
      }
      syncAllNodes();
    }
    assertThat(names).as("objects left in the archived container").isEmpty();
  }

  // ------------------------------------------------------------------ steps

  /** Syncs every node (one after the other) until the bucket holds exactly the live objects, then checks the uploads. */
  private void phase(String name, long start) throws Exception {
    long t0 = System.nanoTime();
    if (shardingStarted) {
      objectUpdaters();
    }
    Map<String, String> expected = expectedKeys();
    int runs = 0;
    while (true) {
      runs++;
      syncAllNodes();
      if (keys().equals(expected)) {
        break;
      }
      // a row may reach a node's DB only when another node's sharder cleaves it (no replicator runs)
      assertThat(runs).as("%s: the bucket converged within 4 sync rounds; missing or wrong: %s", name,
          diff(expected, keys())).isLessThan(4);
    }
    assertBucketHoldsExactly(expected);
    assertThat(s3.requests("PutObject") - puts0).as("%s: each new body uploaded exactly once", name)
        .isEqualTo(expectedPuts);
    System.err.printf("ShardedContainerIT: %s: converged in %d sync rounds, %d ms (total %d s)%n", name, runs,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
  }

  /**
   * {@code sync --once} on every node, one after the other: once rows of one object are in several
   * DBs (retiring root, shard), their owners differ, and two nodes uploading it at the same time
   * would both find the remote lacking it.
   */
  private void syncAllNodes() throws Exception {
    if (!parallelSync) {
      for (Path conf : confs) {
        SyncFixture.Run run = fx.syncOnce(conf);
        assertThat(run.exitCode()).as("sync --once %s: %s", conf.getFileName(), run.err()).isZero();
      }
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(confs.size());
    try {
      List<Future<SyncFixture.Run>> runs = new ArrayList<>();
      for (Path conf : confs) {
        runs.add(pool.submit(() -> fx.syncOnce(conf)));
      }
      for (Future<SyncFixture.Run> run : runs) {
        SyncFixture.Run r = run.get(5, TimeUnit.MINUTES);
        assertThat(r.exitCode()).as("sync --once: %s", r.err()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<String> names(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> String.format("obj-%05d", i)).toList();
  }

  private void put(List<String> names) throws Exception {
    int v = ++version;
    parallel(names, name -> {
      byte[] body = ("v" + v + " of " + name).getBytes(StandardCharsets.UTF_8);
      write("PUT", name, body);
      live.put(name, body);
    });
    expectedPuts += names.size();
  }

  private void delete(List<String> names) throws Exception {
    parallel(names, name -> {
      write("DELETE", name, null);
      live.remove(name);
    });
  }

  /**
   * A write through the internal proxy (a real Swift write: object servers, container updates,
   * shard redirects), retried when the loaded box answers 5xx.
   */
  private void write(String method, String name, byte[] body) {
    URI uri = URI.create(fx.saio.internalProxyUrl() + "/v1/" + fx.saio.account() + "/" + container + "/"
        + SwiftClient.encodePath(name));
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(uri).method(method,
            body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 == 2 || (method.equals("DELETE") && response.statusCode() == 404)) {
          return;
        }
        if (response.statusCode() < 500 || attempt >= 5) {
          throw new IllegalStateException(method + " " + uri + " -> " + response.statusCode());
        }
        Thread.sleep(1000L * attempt);
      } catch (IOException e) {
        if (attempt >= 5) {
          throw new IllegalStateException(method + " " + uri + ": " + e, e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static void parallel(List<String> names, Consumer<String> action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (String name : names) {
        running.add(pool.submit(() -> action.accept(name)));
      }
      for (Future<?> f : running) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ------------------------------------------------------------------ Swift's sharding tools

  /**
   * {@code swift-object-updater once} on every node, as a cluster runs it (the SAIO does not): an
   * object server whose container update a sharding root answers with a redirect leaves it to the
   * updater, which sends it to the shard.
   */
  private void objectUpdaters() {
    for (int n = 1; n <= NODES; n++) {
      List<String> command = List.of(PYTHON, "/usr/bin/swift-object-updater",
          fx.saio.dir().resolve("etc/object-server/" + n + ".conf").toString(), "once");
      Shell.exec(Duration.ofMinutes(3), Map.of(), command).requireSuccess(command);
    }
  }

  /** {@code swift-container-replicator once} on node 1 for the root's partition, as a cluster runs it. */
  private void replicateRoot() {
    List<String> command = List.of(PYTHON, "/usr/bin/swift-container-replicator",
        fx.saio.dir().resolve("etc/container-server/1.conf").toString(), "once",
        "--partitions", Integer.toString(rootReplica(1).partition()), "--devices", "sdb1");
    Shell.exec(Duration.ofMinutes(3), Map.of(), command).requireSuccess(command);
  }

  /** {@code swift-manage-shard-ranges} on node 1's replica of the root. */
  private void manage(String... args) {
    shardingStarted = true;
    List<String> command = new ArrayList<>(List.of(PYTHON, "/usr/bin/swift-manage-shard-ranges", "--force-commits",
        newest(rootReplica(1)).toString()));
    command.addAll(List.of(args));
    Shell.exec(Duration.ofMinutes(3), Map.of(), command).requireSuccess(command);
  }

  /** One {@code swift-container-sharder once} on node {@code n}, limited to the root's and its shards' partitions. */
  private void sharder(int n) {
    Set<Integer> partitions = new TreeSet<>();
    partitions.add(rootReplica(1).partition());
    for (String shard : shardContainers()) {
      partitions.add(node1.ring().partition(node1.hashPath().digest(".shards_" + fx.saio.account(), shard)));
    }
    List<String> command = List.of(PYTHON, "/usr/bin/swift-container-sharder",
        fx.saio.dir().resolve("etc/container-server/" + n + ".conf").toString(), "once",
        "--partitions", partitions.stream().map(String::valueOf).collect(Collectors.joining(",")),
        "--devices", "sdb" + n);
    Shell.exec(Duration.ofMinutes(3), Map.of(), command).requireSuccess(command);
  }

  private LocalReplica rootReplica(int n) {
    ReplicaLocator locator = n == 1 ? node1 : locator(n);
    List<LocalReplica> replicas = locator.find(fx.saio.account(), container);
    assertThat(replicas).as("node %d holds a replica of the root", n).hasSize(1);
    return replicas.get(0);
  }

  private ReplicaLocator locator(int n) {
    try {
      return new ReplicaLocator(fx.saio.swiftDir(), fx.saio.devices(n), fx.saio.bindIp(n), fx.saio.containerPort(n));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path newest(LocalReplica replica) {
    List<Path> files = replica.dbFiles();
    return files.get(files.size() - 1);
  }

  private List<Path> rootFiles(int n) {
    return rootReplica(n).dbFiles();
  }

  /** Whether every node's root replica has exactly this many DB files, the last an epoch file. */
  private boolean rootsAre(int files) {
    for (int n = 1; n <= NODES; n++) {
      List<Path> f = rootFiles(n);
      if (f.size() != files || !f.get(f.size() - 1).getFileName().toString().contains("_")) {
        return false;
      }
    }
    return true;
  }

  /** Whether node 1's root has no shard range other than its own that is not deleted. */
  private boolean collapsed() {
    List<String> command = List.of(PYTHON, "/usr/bin/swift-manage-shard-ranges", newest(rootReplica(1)).toString(),
        "info");
    String out = Shell.exec(Duration.ofMinutes(2), Map.of(), command).requireSuccess(command).output();
    return out.contains("db_state = collapsed");
  }

  /**
   * The shard containers named by the shard ranges of node 1's root (the account listing of
   * {@code .shards_<account>} lags: container updaters report them).
   */
  private List<String> shardContainers() {
    try (ContainerDb db = ContainerDb.open(newest(rootReplica(1)))) {
      return db.shardRanges().stream()
          .filter(r -> !r.deleted() && r.account().equals(".shards_" + fx.saio.account()))
          .map(ShardRange::container).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One page of names (an account's containers, or a container's objects) from the internal proxy. */
  private List<String> listing(String account, String inContainer, String prefix) {
    try {
      String url = fx.saio.internalProxyUrl() + "/v1/" + account
          + (inContainer == null ? "" : "/" + SwiftClient.encodePath(inContainer)) + "?format=plain&prefix="
          + java.net.URLEncoder.encode(prefix, StandardCharsets.UTF_8);
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404 || response.statusCode() == 204) {
        return List.of();
      }
      assertThat(response.statusCode()).as("listing %s", url).isEqualTo(200);
      return response.body().lines().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ checks

  private JsonNode status(Path conf) throws IOException {
    SyncFixture.Run run = SyncFixture.cloudsync("status", "--config", conf.toString(), "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return SyncFixture.JSON.readTree(run.out());
  }

  private Map<String, String> expectedKeys() {
    Map<String, String> expected = new TreeMap<>();
    live.forEach((name, body) -> expected.put(s3Key(fx.saio.account(), container, name), "\"" + md5Hex(body) + "\""));
    return expected;
  }

  private Map<String, String> keys() {
    Map<String, String> keys = new TreeMap<>();
    for (S3Object o : s3.client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
      keys.put(o.key(), o.eTag());
    }
    return keys;
  }

  private static String diff(Map<String, String> expected, Map<String, String> actual) {
    Map<String, String> missingOrWrong = new TreeMap<>(expected);
    missingOrWrong.entrySet().removeIf(e -> e.getValue().equals(actual.get(e.getKey())));
    Map<String, String> extra = new TreeMap<>(actual);
    extra.keySet().removeAll(expected.keySet());
    return "missing/wrong " + missingOrWrong.keySet() + ", extra " + extra.keySet();
  }

  private void assertBucketHoldsExactly(Map<String, String> expected) {
    Map<String, String> actual = keys();
    Map<String, String> missingOrWrong = new TreeMap<>(expected);
    missingOrWrong.entrySet().removeIf(e -> e.getValue().equals(actual.get(e.getKey())));
    Map<String, String> extra = new TreeMap<>(actual);
    extra.keySet().removeAll(expected.keySet());
    assertThat(missingOrWrong).as("keys missing or with a wrong ETag (of %d)", expected.size()).isEmpty();
    assertThat(extra).as("keys of deleted objects").isEmpty();
  }
}
