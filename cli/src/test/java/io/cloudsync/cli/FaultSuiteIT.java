package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.md5;
import static io.cloudsync.cli.SyncFixture.md5Hex;
import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.testing.EmbeddedS3;
import io.cloudsync.testing.HaproxyFaults;
import io.cloudsync.testing.LandedWrites;
import io.cloudsync.testing.ProjectLayout;
import io.cloudsync.testing.SwiftClient;
import io.cloudsync.testing.Toxiproxy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.HashSet;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The fault suite: a running daemon (a real child process) syncs a seeded workload to S3Proxy
 * through HAProxy (HTTP 503 bursts switched on at run time) and Toxiproxy (TCP resets mid-body,
 * stalls, truncation, latency, the server gone), and is killed with SIGKILL at seeded moments,
 * including during multipart uploads. After every fault the bucket must hold exactly the live
 * objects with their ETags and metadata: nothing lost, no deleted object back, no key outside the
 * container's prefix, no multipart upload left behind. The seed is printed; set
 * {@code -Dfaults.seed=N} to replay a run.
 */
class FaultSuiteIT {
  static final long SEED = Long.getLong("faults.seed", System.nanoTime());
  static final Duration CONVERGE = Duration.ofMinutes(4);

  static EmbeddedS3 s3;
  static Toxiproxy toxiproxy;
  static HaproxyFaults haproxy;
  /** The daemon reaches Swift's internal proxy through Toxiproxy too, so it can go down. */
  static int internalProxyPort;
  @TempDir
  static Path shared;

  @TempDir
  Path dir;
  SyncFixture fx;
  SwiftClient swift;
  String container;
  String bucket;
  Random random;
  final Map<String, Expected> live = new TreeMap<>();
  final List<Process> daemons = new ArrayList<>();
  int counter;
  /** Names put, posted or deleted since {@link #newWindow()}, and the objects PUT meanwhile. */
  final Set<String> touched = new HashSet<>();
  /** Names whose last change since {@link #newWindow()} was a PUT (new bytes that must be read from Swift). */
  final Set<String> written = new HashSet<>();
  int objectsWritten;
  /** The daemon's {@code workers}: at most this many uploads are in flight when a fault strikes. */
  static final int WORKERS = 8;

  /** What the remote copy of a live object must be. */
  record Expected(String etag, Map<String, String> meta, boolean slo) {}

  @BeforeAll
  static void startServers() throws IOException {
    System.out.println("fault suite seed: " + SEED + " (replay with -Dfaults.seed=" + SEED + ")");
    s3 = EmbeddedS3.start();
    toxiproxy = Toxiproxy.start(shared.resolve("toxiproxy.log"));
    int toxic = toxiproxy.proxy("s3", s3.endpoint().getHost() + ":" + s3.endpoint().getPort());
    URI internal = URI.create(io.cloudsync.testing.Saio.get().internalProxyUrl());
    internalProxyPort = toxiproxy.proxy("internal", internal.getHost() + ":" + internal.getPort());
    haproxy = HaproxyFaults.start(shared.resolve("haproxy"), "127.0.0.1:" + toxic);
    uploadsLeftBehindAreVisible();
  }

  /** The "no multipart upload left behind" check means something only if the server lists open uploads. */
  private static void uploadsLeftBehindAreVisible() {
    String probe = unique("probe");
    s3.createBucket(probe);
    String id = s3.client().createMultipartUpload(b -> b.bucket(probe).key("open")).uploadId();
    assertThat(s3.client().listMultipartUploads(b -> b.bucket(probe)).uploads()).extracting(MultipartUpload::key)
        .containsExactly("open");
    s3.client().abortMultipartUpload(b -> b.bucket(probe).key("open").uploadId(id));
  }

  @AfterAll
  static void stopServers() {
    if (haproxy != null) {
      haproxy.close();
    }
    if (toxiproxy != null) {
      toxiproxy.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @BeforeEach
  void setUp() {
    fx = new SyncFixture(dir);
    swift = fx.saio.client();
    container = unique("faults");
    bucket = unique("faults");
    swift.createContainer(container);
    s3.createBucket(bucket);
    random = new Random(SEED ^ container.hashCode());
  }

  @AfterEach
  void stopDaemons() {
    daemons.forEach(Process::destroyForcibly);
  }

  @Test
  void tcpAndHttpFaultsLoseNothing() throws Exception {
    hostileAndGoodObjects();
    Path conf = config();
    startDaemon(conf);
    awaitConverged();
    List<Fault> faults = List.of(
        new Fault("TCP reset mid-body", true, () -> toxiproxy.toxic("s3", "f", "reset_peer", "downstream",
            Map.of("timeout", 300L)), () -> toxiproxy.removeToxic("s3", "f")),
        new Fault("stall, then the connection closed", true, () -> toxiproxy.toxic("s3", "f", "timeout",
            "upstream", Map.of("timeout", 3_000L)), () -> toxiproxy.removeToxic("s3", "f")),
        new Fault("request bodies truncated", false, () -> toxiproxy.toxic("s3", "f", "limit_data", "upstream",
            Map.of("bytes", 20_000L)), () -> toxiproxy.removeToxic("s3", "f")),
        new Fault("500 ms latency each way", false, () -> {
          toxiproxy.toxic("s3", "f", "latency", "downstream", Map.of("latency", 500L));
          toxiproxy.toxic("s3", "g", "latency", "upstream", Map.of("latency", 500L));
        }, () -> {
          toxiproxy.removeToxic("s3", "f");
          toxiproxy.removeToxic("s3", "g");
        }),
        new Fault("S3 server gone (connections refused)", true, () -> toxiproxy.enabled("s3", false),
            () -> toxiproxy.enabled("s3", true)),
        new Fault("HTTP 503 burst", true, haproxy::fail, haproxy::heal),
        new Fault("Swift's internal proxy gone", true, () -> toxiproxy.enabled("internal", false),
            () -> toxiproxy.enabled("internal", true)));
    List<String> table = new ArrayList<>();
    for (Fault fault : faults) {
      int mark = s3.landed().mark();
      newWindow();
      long behind = -1;
      fault.on().run();
      try {
        String first = mutate(12);
        Thread.sleep(6_000);
        if (fault.stopsEverything()) {
          assertThat(inBucket(first)).as("'%s' let an upload through", fault.name()).isFalse();
          behind = statusTellsTheTruth(conf, fault.name());
        }
      } finally {
        fault.off().run();
      }
      double converged = awaitConverged();
      Uploads uploads = uploadsSince(mark);
      String line = String.format("| %s | %d | %d | %s | %d | %d | %.1f |", fault.name(), objectsWritten, touched.size(),
          behind < 0 ? "-" : Long.toString(behind), uploads.landed(), uploads.duplicates(), converged);
      table.add(line);
      System.out.printf("fault '%s': %d objects written during the fault (%d names changed), status showed %s rows"
          + " behind; %d uploads landed, %d of them duplicates; converged %.1f s after%n", fault.name(),
          objectsWritten, touched.size(), behind < 0 ? "-" : behind, uploads.landed(), uploads.duplicates(), converged);
      // a duplicate is an upload whose answer the fault swallowed after S3 stored it: at most one
      // per upload in flight when the fault struck
      assertThat(uploads.duplicates()).as("objects uploaded again during '%s' (%d workers)", fault.name(), WORKERS)
          .isLessThanOrEqualTo(WORKERS);
    }
    System.out.println("| fault | objects written | names changed | rows behind shown | uploads landed"
        + " | duplicates | converged after (s) |");
    table.forEach(System.out::println);
    assertThat(daemons.get(0).isAlive()).as("the daemon survived every fault").isTrue();
  }

  /** Object uploads the server kept since a mark (PUTs and completed multipart uploads) in this test's bucket. */
  record Uploads(long landed, long duplicates) {}

  private Uploads uploadsSince(int mark) {
    List<LandedWrites.Write> all = s3.landed().all();
    long landed = 0;
    long duplicates = 0;
    for (int i = mark; i < all.size(); i++) {
      LandedWrites.Write w = all.get(i);
      if (!w.bucket().equals(bucket) || w.operation() == LandedWrites.Operation.UploadPart) {
        continue;
      }
      if (w.operation() != LandedWrites.Operation.CopyObject) {
        landed++;
      }
      for (int j = 0; j < i; j++) {
        if (w.sameObjectAs(all.get(j))) {
          duplicates++;
          break;
        }
      }
    }
    return new Uploads(landed, duplicates);
  }

  private void newWindow() {
    touched.clear();
    written.clear();
    objectsWritten = 0;
  }

  @Test
  void killNineAtSeededMomentsLosesNothing() throws Exception {
    Path conf = config();
    int kills = 0;
    int duringMultipart = 0;
    for (int round = 0; round < 10; round++) {
      boolean slo = round % 3 == 0;
      if (slo) {
        slo();
      }
      mutate(8);
      Process daemon = startDaemon(conf);
      if (slo && openUploadWithin(Duration.ofSeconds(60))) {
        duringMultipart++;
      } else {
        Thread.sleep(500 + random.nextInt(3_000));
      }
      daemon.destroyForcibly().waitFor();
      kills++;
    }
    System.out.printf("%d kills, %d of them during a multipart upload%n", kills, duringMultipart);
    assertThat(kills).isEqualTo(10);
    assertThat(duringMultipart).as("kills that cut a multipart upload").isGreaterThanOrEqualTo(2);
    int mark = s3.landed().mark();
    startDaemon(conf);
    awaitConverged();
    Uploads uploads = uploadsSince(0);
    System.out.printf("after the kills: %d uploads landed in all, %d of them duplicates (%d after the last restart)%n",
        uploads.landed(), uploads.duplicates(), uploadsSince(mark).duplicates());
  }

  // ------------------------------------------------------------------------------ workload

  /** Names an attacker or a careless script writes, among ordinary ones. */
  private void hostileAndGoodObjects() throws IOException {
    for (int i = 0; i < 20; i++) {
      putObject("good-" + i, randomBytes(random.nextInt(40_000)), "c" + i);
    }
    putObject("ctl\nforged log line", randomBytes(100), "n");
    putObject("esc\u001b[31mred\u001b[0m", randomBytes(100), "e");
    putObject("tab\tand\u0007bell", randomBytes(100), "t");
    putObject("ünïcødé ☃/with/slashes", randomBytes(100), "u");
    putUnsyncable("climb/../../" + fx.saio.account() + "/other/victim");
    putUnsyncable("./dot");
    putUnsyncable("long-" + "x".repeat(1019));
    Map<String, String> many = new LinkedHashMap<>();
    for (int i = 0; i < 90; i++) {
      many.put("X-Object-Meta-" + (char) ('a' + i / 26) + (char) ('a' + i % 26), Integer.toString(i % 10));
    }
    byte[] body = randomBytes(500);
    swift.put(container, "ninety-metadata-items", body, many);
    Map<String, String> meta = new TreeMap<>();
    many.forEach((k, v) -> meta.put(k.substring("X-Object-Meta-".length()).toLowerCase(), v));
    live.put("ninety-metadata-items", new Expected(md5Hex(body), meta, false));
  }

  /** {@code n} seeded changes: new objects, overwrites, metadata-only POSTs, deletes; returns the first (new) one. */
  private String mutate(int n) throws IOException {
    String first = "w-" + (counter++);
    putObject(first, randomBytes(50_000), "new"); // at least one upload per batch
    for (int i = 1; i < n; i++) {
      List<String> plain = live.entrySet().stream().filter(e -> !e.getValue().slo() && e.getKey().startsWith("w-"))
          .map(Map.Entry::getKey).toList();
      int op = plain.isEmpty() ? 0 : random.nextInt(4);
      String name = op == 0 ? "w-" + (counter++) : plain.get(random.nextInt(plain.size()));
      switch (op) {
        case 0, 1 -> putObject(name, randomBytes(random.nextInt(200_000)), "v" + random.nextInt(1000));
        case 2 -> {
          String color = "p" + random.nextInt(1000);
          swift.post(container, name, Map.of("X-Object-Meta-Color", color));
          touched.add(name);
          live.put(name, new Expected(live.get(name).etag(), Map.of("color", color), false));
        }
        default -> {
          swift.delete(container, name);
          touched.add(name);
          written.remove(name);
          live.remove(name);
        }
      }
    }
    return first;
  }

  /** An SLO of two 5 MiB segments and a short one: a multipart upload of three parts at S3. */
  private void slo() throws IOException {
    String name = "slo-" + (counter++);
    String segments = container + "_segments";
    swift.createContainer(segments);
    ByteArrayOutputStream etags = new ByteArrayOutputStream();
    List<Map<String, Object>> manifest = new ArrayList<>();
    int[] sizes = {5 << 20, 5 << 20, 1000};
    for (int i = 0; i < sizes.length; i++) {
      byte[] seg = randomBytes(sizes[i]);
      swift.put(segments, name + "/" + i, seg, Map.of());
      etags.write(md5(seg));
      manifest.add(Map.of("path", "/" + segments + "/" + name + "/" + i));
    }
    HttpResponse<byte[]> put = swift.request("PUT", swift.url(container, name) + "?multipart-manifest=put",
        Map.of("X-Object-Meta-Color", "slo"), SyncFixture.JSON.writeValueAsBytes(manifest));
    assertThat(put.statusCode()).as(new String(put.body(), StandardCharsets.UTF_8)).isEqualTo(201);
    live.put(name, new Expected(md5Hex(etags.toByteArray()) + "-" + sizes.length, Map.of("color", "slo"), true));
    touched.add(name);
    written.add(name);
    objectsWritten++;
  }

  private void putObject(String name, byte[] body, String color) {
    swift.put(container, name, body, Map.of("X-Object-Meta-Color", color));
    live.put(name, new Expected(md5Hex(body), Map.of("color", color), false));
    touched.add(name);
    written.add(name);
    objectsWritten++;
  }

  /** A name no S3 key may carry (dot segments, over 1,024 bytes): synced nowhere, and nothing else harmed. */
  private void putUnsyncable(String name) {
    swift.put(container, name, randomBytes(10), Map.of());
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  // ------------------------------------------------------------------------------ checks

  /**
   * Waits until the bucket holds exactly the live objects, then checks ETags, metadata and
   * leftovers; returns the seconds it took.
   */
  private double awaitConverged() {
    String prefix = SyncFixture.prefix(fx.saio.account(), container) + "/";
    String objectPrefix = prefix + fx.saio.account() + "/" + container + "/";
    long start = System.nanoTime();
    try {
      awaitBucket(prefix, objectPrefix);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("  converged %.1f s after the fault ended: %d live objects verified (ETag, metadata)%n",
          seconds, live.size());
      return seconds;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "\n--- daemon log (last 60 lines) ---\n" + logTail(60), e);
    }
  }

  private void awaitBucket(String prefix, String objectPrefix) {
    await("the bucket converges on the live objects (seed " + SEED + ")").atMost(CONVERGE)
        .pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() -> {
          Map<String, String> objects = new TreeMap<>();
          int manifests = 0;
          for (S3Object o : s3.client().listObjectsV2Paginator(b -> b.bucket(bucket)
              .encodingType(EncodingType.URL)).contents()) {
            String key = URLDecoder.decode(o.key(), StandardCharsets.UTF_8); // control characters survive XML
            assertThat(key).as("no key outside the container's prefix").startsWith(prefix);
            if (key.startsWith(objectPrefix)) {
              objects.put(key.substring(objectPrefix.length()), o.eTag().replace("\"", ""));
            } else {
              assertThat(key).startsWith(prefix + ".manifests/");
              manifests++;
            }
          }
          Map<String, String> expected = new TreeMap<>();
          live.forEach((name, e) -> expected.put(name, e.etag()));
          // exactly: nothing missing, no deleted or unsyncable name present
          assertThat(objects).as("names and ETags in the bucket").isEqualTo(expected);
          assertThat(manifests).as("one manifest copy per live SLO")
              .isEqualTo((int) live.values().stream().filter(Expected::slo).count());
          for (Map.Entry<String, Expected> e : live.entrySet()) {
            HeadObjectResponse head = s3.client().headObject(b -> b.bucket(bucket).key(objectPrefix + e.getKey()));
            Map<String, String> meta = new HashMap<>(head.metadata());
            meta.keySet().removeIf(k -> !e.getValue().meta().containsKey(k));
            assertThat(meta).as("metadata of %s", e.getKey()).isEqualTo(e.getValue().meta());
          }
          List<String> uploads = s3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads().stream()
              .map(MultipartUpload::key).toList();
          assertThat(uploads).as("multipart uploads left behind").isEmpty();
        });
  }

  /**
   * While nothing gets through, {@code cloudsync status} shows rows behind (counted from the live
   * DB and the updates still in its {@code .pending} file) and why: the mapping blocked with a
   * reason, or rows failing and waiting for a retry. At least one row per name changed during the
   * fault is behind (a name changed twice is one row, or two when a failed first row waits for its
   * retry). While the internal proxy is down only the names written with new bytes must be behind
   * (a delete or a metadata POST needs no read from Swift). Returns the rows behind shown.
   */
  private long statusTellsTheTruth(Path conf, String fault) {
    java.util.concurrent.atomic.AtomicLong shown = new java.util.concurrent.atomic.AtomicLong();
    int changed = touched.size();
    int writtenNow = written.size();
    assertThat(changed).as("names changed during '%s'", fault).isPositive();
    await("status shows '" + fault + "'").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> {
          SyncFixture.Run run = SyncFixture.cloudsync("status", "--config", conf.toString(), "--json");
          assertThat(run.exitCode()).as(run.err()).isIn(0, 1);
          com.fasterxml.jackson.databind.JsonNode row = null;
          for (com.fasterxml.jackson.databind.JsonNode r : SyncFixture.JSON.readTree(run.out())) {
            if (r.path("container").asText().equals(container)) {
              row = r;
            }
          }
          assertThat(row).as("status row for %s in %s", container, run.out()).isNotNull();
          boolean blocked = !row.path("blocked_reason").isNull() && !row.path("blocked_reason").isMissingNode();
          long behind = row.path("rows_behind").asLong();
          if (fault.startsWith("Swift's internal proxy")) {
            assertThat(blocked).as("blocked with a reason during '%s': %s", fault, row).isTrue();
            // deletes and metadata POSTs need no read from Swift and may still sync; every name
            // written with new bytes is behind, merged into the DB or still in its .pending file
            assertThat(behind).as("rows behind during '%s' (%d names with new bytes, %d changed): %s", fault,
                writtenNow, changed, row).isGreaterThanOrEqualTo(Math.max(1, writtenNow));
          } else {
            assertThat(behind).as("rows behind during '%s' (%d names changed): %s", fault, changed, row)
                .isGreaterThanOrEqualTo(changed);
            assertThat(blocked || row.path("retry_rows").asLong() > 0)
                .as("blocked with a reason, or rows waiting for a retry, during '%s': %s", fault, row).isTrue();
          }
          shown.set(row.path("rows_behind").asLong());
        });
    return shown.get();
  }

  /** Polls the bucket's open multipart uploads; true as soon as one is there. */
  private boolean openUploadWithin(Duration limit) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      if (!s3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads().isEmpty()) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  private boolean inBucket(String name) {
    String key = SyncFixture.s3Key(fx.saio.account(), container, name);
    try {
      s3.client().headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
      return false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  // ------------------------------------------------------------------------------ daemon

  private Path config() throws IOException {
    ObjectNode c = fx.config(1, fx.mapping(container, bucket, "http://127.0.0.1:" + haproxy.port(),
        EmbeddedS3.IDENTITY, EmbeddedS3.SECRET));
    c.put("workers", WORKERS);
    c.put("internal_proxy_url", "http://127.0.0.1:" + internalProxyPort);
    c.put("metrics_bind", "127.0.0.1:0");
    return fx.write("faults.json", c);
  }

  private Process startDaemon(Path conf) throws IOException {
    Path bin = ProjectLayout.root().resolve("bin/cloudsync");
    ProcessBuilder pb = new ProcessBuilder(bin.toString(), "sync", "--config", conf.toString(), "--console")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("daemon.log").toFile()));
    pb.environment().put("JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
    Process p = pb.start();
    daemons.add(p);
    return p;
  }

  /** A fault: how to switch it on and off. */
  record Fault(String name, boolean stopsEverything, Action on, Action off) {}

  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }

  private String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(dir.resolve("daemon.log"));
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no daemon log: " + e.getMessage() + ")";
    }
  }
}
