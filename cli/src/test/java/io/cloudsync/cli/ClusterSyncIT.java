package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.md5Hex;
import static io.cloudsync.cli.SyncFixture.s3Key;
import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.crawler.db.ContainerDb;
import io.cloudsync.crawler.locate.LocalReplica;
import io.cloudsync.crawler.locate.ReplicaLocator;
import io.cloudsync.crawler.ownership.RowOwnership;
import io.cloudsync.testing.EmbeddedS3;
import io.cloudsync.testing.Shell;
import io.cloudsync.testing.SwiftClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The SAIO's three container nodes, one cloudsync daemon per node (told apart by
 * {@code swift_bind_ip}/{@code swift_bind_port}, own {@code status_dir}), syncing one container to
 * one S3Proxy bucket. Request counts come from S3Proxy's own metrics: what the S3 side saw.
 */
class ClusterSyncIT {
  static final int NODES = 3;
  static EmbeddedS3 s3;

  @TempDir
  Path dir;
  SyncFixture fx;
  SwiftClient swift;
  String container;
  String bucket;
  final List<Process> children = new ArrayList<>();

  @BeforeAll
  static void startS3() {
    s3 = EmbeddedS3.start();
  }

  @AfterAll
  static void stopS3() {
    s3.close();
  }

  @BeforeEach
  void setUp() {
    fx = new SyncFixture(dir);
    swift = fx.saio.client();
    container = unique("cluster-it");
    bucket = unique("bucket");
    swift.createContainer(container);
    s3.createBucket(bucket);
  }

  @AfterEach
  void killLeftovers() {
    children.forEach(Process::destroyForcibly);
  }

  // ---------------------------------------------------------------- (a) one PUT per object

  @Test
  void threeDaemonsUploadEachObjectOnceAndVerifyWithOneHeadPerReplica() throws Exception {
    int n = 300;
    Map<String, byte[]> objects = objects(n, i -> 100 + i);
    long uploadStart = System.nanoTime();
    upload(objects);
    long uploadEnd = System.nanoTime();
    awaitRowsOnEveryReplica(n);
    long puts0 = s3.requests("PutObject");
    long heads0 = s3.requests("HeadObject");
    long lists0 = s3.requests("ListObjectsV2");

    // Round 1: owners only. verification_slack 0.5 min from when each node first sees the rows
    // (in this round) keeps the verify cursors behind the owners, however old the rows are.
    double slackMinutes = 0.5;
    List<Path> confs = configs(slackMinutes, 16, 100);
    System.out.printf("setup took %.1f s%n", (System.nanoTime() - uploadStart) / 1e9);
    long round1Start = System.nanoTime();
    runOnceInParallel(confs);
    // An initial sync into an empty bucket: each owner lists the container's keys once (one page)
    // and uploads what the listing lacks without a HEAD per object. (Counted before the checks
    // below, which list the bucket themselves.)
    assertThat(s3.requests("ListObjectsV2") - lists0).as("round 1: one listing per owner").isEqualTo(NODES);
    assertBucketHoldsExactly(objects);
    assertThat(s3.requests("PutObject") - puts0).as("each object PUT once").isEqualTo(n);
    assertThat(s3.requests("HeadObject") - heads0).as("round 1: no per-object HEAD into an empty bucket").isZero();
    long lists1 = s3.requests("ListObjectsV2");
    Map<Integer, Long> shares = ownerShares(objects);
    for (int node = 1; node <= NODES; node++) {
      JsonNode st = status(confs.get(node - 1));
      assertThat(st.get("last_row").asLong()).as("node %d own cursor at the end", node)
          .isEqualTo(st.get("max_row").asLong());
      assertThat(st.get("last_verified_row").asLong()).as("node %d verified nothing yet (slack)", node).isZero();
    }

    // Round 2, a slack after the nodes first saw the rows: every node verifies the other nodes'
    // rows by one listing (one page of 300 keys), without a request per row.
    sleepUntil(Math.max(uploadEnd, round1Start) + TimeUnit.SECONDS.toNanos((long) (slackMinutes * 60) + 2));
    runOnceInParallel(confs);
    assertThat(s3.requests("ListObjectsV2") - lists1).as("round 2: one listing per verifier").isEqualTo(NODES);
    long heads = s3.requests("HeadObject") - heads0;
    assertBucketHoldsExactly(objects);
    assertThat(s3.requests("PutObject") - puts0).as("verification uploads nothing").isEqualTo(n);
    assertThat(heads).as("every other node's row verified by the listing (%s owned per node)", shares).isZero();
    for (int node = 1; node <= NODES; node++) {
      JsonNode st = status(confs.get(node - 1));
      assertThat(st.get("last_verified_row").asLong()).as("node %d verified everything", node)
          .isEqualTo(st.get("max_row").asLong());
    }

    // Round 3: nothing new, nothing is looked at again.
    runOnceInParallel(confs);
    assertThat(s3.requests("HeadObject") - heads0).as("no re-verification").isEqualTo(heads);
    assertThat(s3.requests("PutObject") - puts0).isEqualTo(n);
  }

  // ---------------------------------------------------------------- (b) failover

  @Test
  void twoDaemonsCompleteTheShareOfAStoppedThirdAfterTheSlack() throws Exception {
    int n = 300;
    Map<String, byte[]> objects = objects(n, i -> 50 + i);
    upload(objects);
    long lastWrite = System.nanoTime();
    awaitRowsOnEveryReplica(n);
    long puts0 = s3.requests("PutObject");

    double slackMinutes = 0.05; // 3 s
    List<Path> confs = configs(slackMinutes, 16, 100);
    List<Path> survivors = confs.subList(0, 2); // node 3's daemon is down
    long share3 = ownerShares(objects).get(3);
    assertThat(share3).as("node 3 owns part of the container").isPositive();

    long round1Start = System.nanoTime(); // when the survivors first see the rows
    runOnceInParallel(survivors);
    sleepUntil(Math.max(lastWrite, round1Start) + TimeUnit.MILLISECONDS.toNanos((long) (slackMinutes * 60_000) + 1500));
    runOnceInParallel(survivors);

    assertBucketHoldsExactly(objects);
    long puts = s3.requests("PutObject") - puts0;
    // Both survivors verify node 3's rows at the same moment; both may find one missing and upload it.
    assertThat(puts).as("node 3's share (%d) uploaded at most once per surviving verifier", share3)
        .isBetween((long) n, n + share3);
    for (Path conf : survivors) {
      JsonNode st = status(conf);
      assertThat(st.get("last_verified_row").asLong()).isEqualTo(st.get("max_row").asLong());
    }
  }

  // ---------------------------------------------------------------- (b2) first sync of an existing container

  /**
   * Issue 19: three daemons started together on a container whose rows are all older than
   * {@code verification_slack}. Each verifier waits the slack from when it first saw the rows
   * (so the owners upload first) and then verifies them by one listing: one PUT per object, no
   * HEAD per row, no duplicate upload.
   */
  @Test
  void aFirstSyncOfAnExistingContainerUploadsEachObjectOnceAndVerifiesByListing() throws Exception {
    int n = 300;
    Map<String, byte[]> objects = objects(n, i -> 200 + i);
    upload(objects);
    long lastWrite = System.nanoTime();
    awaitRowsOnEveryReplica(n);
    double slackMinutes = 0.2; // 12 s
    sleepUntil(lastWrite + TimeUnit.MILLISECONDS.toNanos((long) (slackMinutes * 60_000) + 1000)); // rows older than the slack
    List<Path> confs = configs(slackMinutes, 8, 100);
    Map<String, Long> before = requestCounts();

    List<Process> daemons = new ArrayList<>();
    for (int node = 1; node <= NODES; node++) {
      daemons.add(startDaemon(confs.get(node - 1), "node" + node));
    }
    awaitAllVerified(confs, Duration.ofSeconds(180));
    Thread.sleep(3000); // a few more passes: nothing more may be sent
    stopAll(daemons);

    Map<String, Long> sent = since(before);
    long total = sent.values().stream().mapToLong(Long::longValue).sum();
    String passes = passLines(3);
    System.out.printf("first sync of %d objects by %d daemons: %s; %.3f requests per object%n", n, NODES, sent,
        (double) total / n);
    assertThat(sent.get("PutObject")).as("each object PUT once: no duplicate upload (%s)%s", sent, passes)
        .isEqualTo(n);
    assertThat(sent.get("HeadObject")).as("no HEAD per row: the verifiers read the listing (%s)%s", sent, passes)
        .isZero();
    assertThat((double) total / n).as("remote requests per object (%s)", sent).isLessThanOrEqualTo(1.2);
    assertBucketHoldsExactly(objects);
  }

  /**
   * The same first sync with node 3's daemon killed (SIGKILL) while it uploads its share: the two
   * others see that its rows stop appearing in the listing, wait the slack and copy what is missing.
   */
  @Test
  void aDaemonKilledMidFirstSyncHasItsShareFinishedByTheOthers() throws Exception {
    int n = 300;
    Map<String, byte[]> objects = objects(n, i -> 64 * 1024 + i);
    upload(objects);
    long lastWrite = System.nanoTime();
    awaitRowsOnEveryReplica(n);
    double slackMinutes = 0.2; // 12 s: node 3's daemon is at work before the others look
    sleepUntil(lastWrite + TimeUnit.MILLISECONDS.toNanos((long) (slackMinutes * 60_000) + 1000));
    Map<Integer, List<String>> byOwner = ownedNames(objects);
    List<String> share3 = byOwner.get(3);
    assertThat(share3).as("node 3 owns part of the container").hasSizeGreaterThan(20);
    List<Path> confs = new ArrayList<>();
    for (int node = 1; node <= NODES; node++) {
      // node 3 uploads one object at a time, so that it can be caught in the middle of its share
      confs.add(fx.write("node" + node + ".json", config(node, slackMinutes, node == 3 ? 1 : 8, 100)));
    }
    long puts0 = s3.requests("PutObject");

    List<Process> daemons = new ArrayList<>();
    for (int node = 1; node <= NODES; node++) {
      daemons.add(startDaemon(confs.get(node - 1), "node" + node));
    }
    Process third = daemons.get(2);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    int doneOf3;
    while ((doneOf3 = countPresent(share3)) < 3) {
      assertThat(System.nanoTime()).as("node 3 uploaded only %d of its share; log:%n%s", doneOf3, log("node3"))
          .isLessThan(deadline);
      Thread.sleep(100);
    }
    third.destroyForcibly(); // SIGKILL, mid-share
    assertThat(third.waitFor(10, TimeUnit.SECONDS)).isTrue();
    int atKill = countPresent(share3);
    System.out.printf("node 3 killed with %d of its %d objects uploaded%n", atKill, share3.size());
    assertThat(atKill).as("killed in the middle of its share").isLessThan(share3.size());

    List<Path> survivors = confs.subList(0, 2);
    awaitAllVerified(survivors, Duration.ofSeconds(180));
    stopAll(daemons.subList(0, 2));
    assertBucketHoldsExactly(objects);
    long puts = s3.requests("PutObject") - puts0;
    // node 3's missing objects may be taken over by both survivors at the same moment; one upload
    // of node 3 may have been cut by the kill
    assertThat(puts).as("PUTs: each object once, node 3's missing share (%d) at most once more, +1 cut by the kill",
        share3.size() - atKill).isBetween((long) n, (long) n + share3.size() - atKill + 1);
  }

  // ---------------------------------------------------------------- (c) pending rows, continuous daemons

  @Test
  void aSingleWriteToAQuietContainerAppearsWithinThePollInterval() throws Exception {
    swift.put(container, "first", "first".getBytes(StandardCharsets.UTF_8), Map.of());
    List<Path> confs = configs(10, 8, 100); // slack 10 min: only the owner acts
    List<Process> daemons = new ArrayList<>();
    for (int node = 1; node <= NODES; node++) {
      daemons.add(startDaemon(confs.get(node - 1), "node" + node));
    }
    try {
      awaitKey("first", Duration.ofSeconds(60));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; logs:\n" + log("node1") + log("node2") + log("node3"), e);
    }
    Thread.sleep(4000); // quiet: several passes with nothing new

    long puts0 = s3.requests("PutObject");
    byte[] body = "a single write".getBytes(StandardCharsets.UTF_8);
    long t0 = System.nanoTime();
    swift.put(container, "single", body, Map.of());
    long written = System.nanoTime();
    awaitKey("single", Duration.ofSeconds(30));
    double latency = (System.nanoTime() - written) / 1e9;
    System.out.printf("single write: PUT to Swift %.2f s, then in S3 after %.2f s%n", (written - t0) / 1e9, latency);
    // poll_interval 1 s + the pending merge and a 14-byte transfer on a loaded 2-core box.
    assertThat(latency).as("seconds from the Swift PUT to the S3 key").isLessThan(1 + 2.5);
    assertThat(s3.requests("PutObject") - puts0).isEqualTo(1);
    assertThat(s3.client().getObjectAsBytes(b -> b.bucket(bucket).key(key("single"))).asByteArray()).isEqualTo(body);

    Thread.sleep(3000); // every node passes over the new row (the owner was first)
    for (int node = 1; node <= NODES; node++) {
      Process p = daemons.get(node - 1);
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("node %d stops on SIGTERM", node).isTrue();
      assertThat(p.exitValue()).as("node %d exit code on SIGTERM; log:%n%s", node, log("node" + node)).isZero();
      JsonNode st = status(confs.get(node - 1));
      assertThat(st.get("last_row").asLong()).as("node %d saved its cursor", node)
          .isEqualTo(st.get("max_row").asLong()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void aWriteIsSyncedLongBeforeTheNextPollBecauseItsContainerIsWatched() throws Exception {
    swift.put(container, "first", "first".getBytes(StandardCharsets.UTF_8), Map.of());
    List<Path> confs = new ArrayList<>();
    for (int node = 1; node <= NODES; node++) {
      confs.add(fx.write("node" + node + ".json", config(node, 10, 8, 100).put("poll_interval", 120)));
    }
    List<Process> daemons = new ArrayList<>();
    for (int node = 1; node <= NODES; node++) {
      daemons.add(startDaemon(confs.get(node - 1), "node" + node));
    }
    awaitKey("first", Duration.ofSeconds(60)); // the first pass, at start-up; the next is 120 s away

    byte[] body = "written between two polls".getBytes(StandardCharsets.UTF_8);
    swift.put(container, "between", body, Map.of());
    long written = System.nanoTime();
    awaitKey("between", Duration.ofSeconds(60));
    double latency = (System.nanoTime() - written) / 1e9;
    System.out.printf("write between polls (poll_interval 120 s): in S3 after %.2f s%n", latency);
    assertThat(latency).as("seconds from the Swift PUT to the S3 key, with poll_interval 120 s").isLessThan(10);
    assertThat(s3.client().getObjectAsBytes(b -> b.bucket(bucket).key(key("between"))).asByteArray()).isEqualTo(body);
    for (Process p : daemons) {
      p.destroy();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  // ---------------------------------------------------------------- a bucket that is not there yet

  @Test
  void whileTheBucketIsMissingEachPassAsksForItInsteadOfReadingRowsAndSyncsOnceItExists() throws Exception {
    String missing = unique("later");
    swift.put(container, "waiting", "waiting".getBytes(StandardCharsets.UTF_8), Map.of());
    ObjectNode c = fx.config(1, fx.mapping(container, missing, s3.endpoint().toString(), EmbeddedS3.IDENTITY,
        EmbeddedS3.SECRET));
    Process daemon = startDaemon(fx.write("node1.json", c), "node1");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> log("node1").lines().filter(l -> l.contains("NoSuchBucket")).count() >= 4);
    List<String> blocked = log("node1").lines().filter(l -> l.contains("nothing more is sent for it")).toList();
    assertThat(blocked.get(0)).as("the first pass tries the row").contains("PUT");
    assertThat(blocked.subList(1, blocked.size())).as("later passes only list the bucket")
        .allSatisfy(l -> assertThat(l).contains("LIST").doesNotContain("PUT"));

    s3.createBucket(missing);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
        s3.client().listObjectsV2(b -> b.bucket(missing)).keyCount() == 1);
    daemon.destroy();
    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  // ---------------------------------------------------------------- (d) kill -9 mid-pass

  @Test
  void killNineMidPassLosesNothingAndRedoesOnlyInFlightRows() throws Exception {
    int n = 200;
    int chunk = 20;
    int workers = 4;
    // Every 7th object is 1 MiB, the rest 1 KiB: rows finish out of ROWID order.
    Map<String, byte[]> objects = objects(n, i -> i % 7 == 3 ? 1 << 20 : 1024);
    upload(objects);
    awaitRowsOnEveryReplica(n);
    long puts0 = s3.requests("PutObject");
    long heads0 = s3.requests("HeadObject");

    // One daemon, verification_slack 0: it owns a third and verifies (uploads) the rest at once.
    ObjectNode c = config(1, 0, workers, chunk);
    Path conf = fx.write("node1.json", c);
    Process first = startDaemon(conf, "node1-a");
    long seen = awaitPuts(puts0, n / 2, Duration.ofSeconds(120));
    long killedAt = s3.requests("PutObject") - puts0;
    first.destroyForcibly(); // SIGKILL
    assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(killedAt).as("killed mid-pass (%d PUTs seen)", seen).isLessThan(n);
    int doneAtKill = keys().size();
    JsonNode atKill = status(conf);
    System.out.printf("kill -9 after %d PUTs; %d keys in S3; saved last_row %s, last_verified_row %s%n",
        killedAt, doneAtKill, atKill.get("last_row"), atKill.get("last_verified_row"));

    Process second = startDaemon(conf, "node1-b");
    awaitCount(objects.size(), Duration.ofSeconds(180));
    Thread.sleep(2500); // a few more passes: nothing may be redone
    second.destroy();
    assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertBucketHoldsExactly(objects);
    long puts = s3.requests("PutObject") - puts0;
    long heads = s3.requests("HeadObject") - heads0;
    System.out.printf("after restart: %d PUTs, %d HEADs for %d objects%n", puts, heads, n);
    // Re-uploads: only rows whose PUT was in flight at the kill (at most `workers`): after the
    // restart, a row is uploaded only when the pass's listing lacks it or a HEAD finds it stale.
    assertThat(puts).as("PUTs: N + in-flight uploads at most").isLessThanOrEqualTo(n + workers);
    // Re-checks: a cursor is saved after each chunk, lagging by at most the rows submitted but
    // unfinished (2 x workers, the pool's backlog) plus one chunk; both cursors may lag.
    long redoBound = 2L * (2L * workers + chunk) + workers;
    assertThat(heads).as("HEADs: N + rows redone after the restart (bound %d)", redoBound)
        .isLessThanOrEqualTo(n + redoBound);
    JsonNode st = status(conf);
    assertThat(st.get("last_row").asLong()).isEqualTo(st.get("max_row").asLong());
    assertThat(st.get("last_verified_row").asLong()).isEqualTo(st.get("max_row").asLong());
  }

  // ================================================================= helpers

  /** What the daemons node1..nodeN logged about their passes (for assertion messages). */
  private String passLines(int nodes) {
    StringBuilder out = new StringBuilder();
    for (int node = 1; node <= nodes; node++) {
      String name = "node" + node;
      log(name).lines().filter(l -> l.contains("rows handled;") || l.contains("verified by the remote listing")
          || l.contains("verification waits")).forEach(l -> out.append(System.lineSeparator()).append(name)
          .append(": ").append(l));
    }
    return out.toString();
  }

  /** Object names by owning node (1-based), as the daemons split them. */
  private Map<Integer, List<String>> ownedNames(Map<String, byte[]> objects) throws IOException {
    Map<Integer, Integer> indexOfNode = new HashMap<>();
    for (int node = 1; node <= NODES; node++) {
      indexOfNode.put(replica(node).nodeIndex(), node);
    }
    Map<Integer, List<String>> owned = new TreeMap<>();
    for (String name : objects.keySet()) {
      owned.computeIfAbsent(indexOfNode.get(RowOwnership.ownerIndex(name, NODES)), k -> new ArrayList<>()).add(name);
    }
    return owned;
  }

  /** How many of these objects are in the bucket (one listing of it, which S3Proxy counts too). */
  private int countPresent(List<String> names) {
    Map<String, String> keys = keys();
    return (int) names.stream().filter(name -> keys.containsKey(key(name))).count();
  }

  /** Until every config's status shows both cursors at the end of its DB. */
  private void awaitAllVerified(List<Path> confs, Duration timeout) {
    await().atMost(timeout).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      for (Path conf : confs) {
        JsonNode st = status(conf);
        assertThat(st.get("max_row").asLong()).as("%s: a pass ran", conf.getFileName()).isPositive();
        assertThat(st.get("last_row").asLong()).as("%s: own rows", conf.getFileName()).isEqualTo(st.get("max_row").asLong());
        assertThat(st.get("last_verified_row").asLong()).as("%s: verified", conf.getFileName())
            .isEqualTo(st.get("max_row").asLong());
      }
    });
  }

  private static void stopAll(List<Process> daemons) throws InterruptedException {
    for (Process p : daemons) {
      p.destroy(); // SIGTERM
    }
    for (Process p : daemons) {
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }
  }

  /** S3Proxy's request counts by operation, every operation it counted. */
  private static Map<String, Long> requestCounts() {
    Map<String, Long> counts = new TreeMap<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("s3_operation=\"([A-Za-z0-9]+)\"").matcher("");
    for (String line : s3.metricsText().split("\n")) {
      if (!line.startsWith("#") && line.indexOf('{') > 0 && line.substring(0, line.indexOf('{')).endsWith("_count")
          && m.reset(line).find()) {
        counts.merge(m.group(1), s3.requests(m.group(1)), (a, b) -> a);
      }
    }
    counts.putIfAbsent("PutObject", 0L);
    counts.putIfAbsent("HeadObject", 0L);
    return counts;
  }

  /** Requests by operation since {@code before}, operations with none left out (PutObject, HeadObject always in). */
  private static Map<String, Long> since(Map<String, Long> before) {
    Map<String, Long> now = requestCounts();
    Map<String, Long> sent = new TreeMap<>();
    now.forEach((op, count) -> {
      long d = count - before.getOrDefault(op, 0L);
      if (d != 0 || op.equals("PutObject") || op.equals("HeadObject")) {
        sent.put(op, d);
      }
    });
    return sent;
  }

  interface Size {
    int of(int i);
  }

  private Map<String, byte[]> objects(int n, Size size) {
    Map<String, byte[]> objects = new TreeMap<>();
    java.util.Random random = new java.util.Random(n);
    for (int i = 0; i < n; i++) {
      byte[] body = new byte[size.of(i)];
      random.nextBytes(body);
      objects.put(String.format("obj-%05d", i), body);
    }
    return objects;
  }

  private void upload(Map<String, byte[]> objects) throws IOException {
    Path files = Files.createDirectories(dir.resolve("objs-" + container));
    for (Map.Entry<String, byte[]> e : objects.entrySet()) {
      Files.write(files.resolve(e.getKey()), e.getValue());
    }
    Shell.run(Duration.ofMinutes(5),
        Map.of("ST_AUTH", fx.saio.env("ST_AUTH"), "ST_USER", fx.saio.env("ST_USER"), "ST_KEY", fx.saio.env("ST_KEY")),
        "bash", "-c", "cd " + files + " && swift upload --object-threads 16 " + container + " obj-* > /dev/null");
  }

  private LocalReplica replica(int node) throws IOException {
    List<LocalReplica> found = new ReplicaLocator(fx.saio.swiftDir(), fx.saio.devices(node), fx.saio.bindIp(node),
        fx.saio.containerPort(node)).find(fx.saio.account(), container);
    assertThat(found).as("node %d holds one replica", node).hasSize(1);
    return found.get(0);
  }

  /**
   * Merges each replica's .pending (HEAD to its container server) until every replica lists all
   * rows; container updates that timed out under load sit in the object servers' async_pending,
   * which no updater daemon drains here, so run swift-object-updater once if needed.
   */
  private void awaitRowsOnEveryReplica(int n) throws Exception {
    for (int attempt = 0; attempt < 10; attempt++) {
      boolean all = true;
      for (int node = 1; node <= NODES; node++) {
        LocalReplica r = replica(node);
        head(URI.create("http://" + r.device().ip() + ":" + r.device().port() + "/" + r.device().device() + "/"
            + r.partition() + "/" + fx.saio.account() + "/" + container));
        all &= liveRows(r) >= n;
      }
      if (all) {
        return;
      }
      for (int node = 1; node <= NODES; node++) {
        Shell.exec(Duration.ofMinutes(2), Map.of(), List.of("swift-object-updater",
            fx.saio.swiftDir().resolve("object-server/" + node + ".conf").toString(), "once"));
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the replicas of " + container + " never all listed " + n + " rows");
  }

  private static long liveRows(LocalReplica r) throws IOException {
    try (ContainerDb db = ContainerDb.open(r.dbFile())) {
      return db.rowsAfter(0, 1_000_000).stream().filter(row -> !row.deleted()).count();
    }
  }

  private static void head(URI uri) throws IOException, InterruptedException {
    HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.discarding());
  }

  /** Which node index (1-based) owns how many of the objects (the daemon's own rule, checked against a replica). */
  private Map<Integer, Long> ownerShares(Map<String, byte[]> objects) throws IOException {
    Map<Integer, Long> shares = new TreeMap<>();
    Map<Integer, Integer> indexOfNode = new HashMap<>();
    for (int node = 1; node <= NODES; node++) {
      indexOfNode.put(replica(node).nodeIndex(), node);
    }
    for (String name : objects.keySet()) {
      shares.merge(indexOfNode.get(RowOwnership.ownerIndex(name, NODES)), 1L, Long::sum);
    }
    return shares;
  }

  private ObjectNode config(int node, double slackMinutes, int workers, int itemsChunk) {
    ObjectNode c = fx.config(node, fx.mapping(container, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY,
        EmbeddedS3.SECRET));
    c.put("verification_slack", slackMinutes);
    c.put("workers", workers);
    c.put("items_chunk", itemsChunk);
    c.put("poll_interval", 1);
    c.put("metrics_bind", "127.0.0.1:0");
    return c;
  }

  private List<Path> configs(double slackMinutes, int workers, int itemsChunk) throws IOException {
    List<Path> confs = new ArrayList<>();
    for (int node = 1; node <= NODES; node++) {
      confs.add(fx.write("node" + node + ".json", config(node, slackMinutes, workers, itemsChunk)));
    }
    return confs;
  }

  /** {@code cloudsync sync --once} for each config at the same time, in-process. */
  private static void runOnceInParallel(List<Path> confs) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(confs.size());
    try {
      List<Future<SyncFixture.Run>> runs = new ArrayList<>();
      for (Path conf : confs) {
        runs.add(pool.submit(() -> SyncFixture.cloudsync("sync", "--config", conf.toString(), "--once")));
      }
      for (Future<SyncFixture.Run> run : runs) {
        SyncFixture.Run r = run.get(5, TimeUnit.MINUTES);
        assertThat(r.exitCode()).as(r.err()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** {@code bin/cloudsync sync} (no --once) as a child process logging to {@code <name>.log}. */
  private Process startDaemon(Path conf, String name) throws IOException {
    Path bin = io.cloudsync.testing.ProjectLayout.root().resolve("bin/cloudsync");
    ProcessBuilder pb = new ProcessBuilder(bin.toString(), "sync", "--config", conf.toString(), "--console")
        .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment().put("JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
    Process p = pb.start();
    children.add(p);
    return p;
  }

  private String log(String name) {
    try {
      return Files.readString(dir.resolve(name + ".log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** The status entry a config's daemon saved for the container (via {@code cloudsync status --json}). */
  private JsonNode status(Path conf) throws IOException {
    SyncFixture.Run run = SyncFixture.cloudsync("status", "--config", conf.toString(), "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    for (JsonNode row : SyncFixture.JSON.readTree(run.out())) {
      if (row.get("container").asText().equals(container)) {
        return row;
      }
    }
    throw new AssertionError("no status for " + container + " in " + run.out());
  }

  private String key(String object) {
    return s3Key(fx.saio.account(), container, object);
  }

  private Map<String, String> keys() {
    Map<String, String> keys = new TreeMap<>();
    for (S3Object o : s3.client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
      keys.put(o.key(), o.eTag());
    }
    return keys;
  }

  private void assertBucketHoldsExactly(Map<String, byte[]> objects) {
    Map<String, String> expected = new TreeMap<>();
    objects.forEach((name, body) -> expected.put(key(name), "\"" + md5Hex(body) + "\""));
    Map<String, String> actual = keys();
    Map<String, String> missingOrWrong = new TreeMap<>(expected);
    missingOrWrong.entrySet().removeIf(e -> e.getValue().equals(actual.get(e.getKey())));
    Map<String, String> extra = new TreeMap<>(actual);
    extra.keySet().removeAll(expected.keySet());
    assertThat(missingOrWrong).as("keys missing or with a wrong ETag (of %d)", expected.size()).isEmpty();
    assertThat(extra).as("unexpected keys").isEmpty();
  }

  private void awaitKey(String object, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        s3.client().headObject(b -> b.bucket(bucket).key(key(object)));
        return;
      } catch (NoSuchKeyException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(object + " not in S3 after " + timeout);
        }
        Thread.sleep(25);
      } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
        if (e.statusCode() != 404 || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(25);
      }
    }
  }

  private void awaitCount(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (keys().size() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + keys().size() + " of " + n + " keys after " + timeout);
      }
      Thread.sleep(200);
    }
  }

  private static long awaitPuts(long base, long atLeast, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long seen;
    while ((seen = s3.requests("PutObject") - base) < atLeast) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + seen + " PUTs after " + timeout);
      }
      Thread.sleep(10);
    }
    return seen;
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long wait = nanoTime - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(TimeUnit.NANOSECONDS.toMillis(wait) + 1);
    }
  }
}
