package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.md5Hex;
import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.testing.SwiftClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container-sync mode ({@code sync_to_header}) against the SAIO: containers of AUTH_test carry
 * {@code X-Container-Sync-To: //saio/saio_endpoint/AUTH_test2/<c>} and a sync key, and no mapping;
 * the SAIO's own {@code container_sync} middleware checks the signatures. Results are read as
 * test2:tester2; requests are counted in the proxy's access log.
 */
class ContainerSyncIT {
  static final String AGENT = "cloudsync-container-sync";

  /** Shared by the tests: the daemon's cache of container DBs without sync headers survives between them. */
  @TempDir
  static Path statusDir;
  @TempDir
  Path dir;
  SyncFixture fx;
  /** Containers given an X-Container-Sync-To by a test: the header is removed after it (a daemon syncs them all). */
  final List<Runnable> unsync = new java.util.ArrayList<>();
  SwiftClient swift;
  SwiftClient remote;
  ProxyAccessLog log;
  String realm;

  @BeforeEach
  void setUp() {
    fx = new SyncFixture(dir);
    swift = fx.saio.client();
    remote = SwiftClient.login(fx.saio.env("SWIFT_AUTH_URL"), fx.saio.env("SWIFT_USER2"), fx.saio.env("SWIFT_KEY2"));
    String marks = unique("csync-marks");
    remote.createContainer(marks);
    log = new ProxyAccessLog(fx.saio, remote, marks);
    realm = "//" + fx.saio.env("SWIFT_SYNC_REALM") + "/" + fx.saio.env("SWIFT_SYNC_CLUSTER");
  }

  /** Daemons a test started (their own processes). */
  final List<Process> daemons = new java.util.ArrayList<>();

  @AfterEach
  void removeSyncHeaders() {
    daemons.forEach(Process::destroyForcibly);
    unsync.forEach(Runnable::run);
  }

  /** A daemon config for SAIO node 1 with no mapping: only header-driven containers. */
  Path headerConfig() throws Exception {
    ObjectNode c = fx.config(1);
    c.put("sync_to_header", true);
    c.put("status_dir", statusDir.toString());
    return fx.write("csync.json", c);
  }

  /** Creates (or updates) {@code container} with {@code headers}, among them X-Container-Sync-To. */
  void syncing(SwiftClient client, String container, Map<String, String> headers) {
    HttpResponse<byte[]> put = client.request("PUT", container, null, headers, null);
    assertThat(put.statusCode()).as("PUT %s", container).isBetween(200, 299);
    unsync.add(() -> client.request("POST", container, null, Map.of("X-Container-Sync-To", ""), null));
  }

  /** {@code local} (AUTH_test) synced to {@code target} (AUTH_test2) with {@code key}; both created. */
  void pair(String local, String target, String key, String remoteKey) {
    remote.createContainer(target);
    remote.request("POST", target, null, Map.of("X-Container-Sync-Key", remoteKey), null);
    syncing(swift, local, Map.of("X-Container-Sync-To", realm + "/AUTH_test2/" + target, "X-Container-Sync-Key", key));
  }

  static String header(HttpResponse<byte[]> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  @Test
  void aFirstSyncListsTheRemoteContainerOnceInsteadOfAHeadPerObject() throws Exception {
    String local = unique("csync-list");
    String target = unique("csync-list-r");
    pair(local, target, "k-list", "k-list");
    int objects = 120;
    for (int i = 0; i < objects; i++) {
      swift.put(local, String.format("o%04d", i), ("body " + i).getBytes(StandardCharsets.UTF_8), Map.of());
    }
    remote.put(target, "o0000", "older copy".getBytes(StandardCharsets.UTF_8), Map.of());
    ObjectNode c = fx.config(1);
    c.put("sync_to_header", true);
    c.put("status_dir", statusDir.toString());
    c.put("verification_slack", 600); // this node's own rows only: verifying other nodes' rows HEADs each
    Path conf = fx.write("csync-list.json", c);
    long mark = log.mark();

    SyncFixture.Run run = fx.syncOnce(conf);

    assertThat(run.exitCode()).as(run.err()).isZero();
    String path = "/v1/AUTH_test2/" + target;
    List<String> puts = log.since(mark, "PUT", path + "/", AGENT);
    List<String> heads = log.since(mark, "HEAD", path + "/", AGENT);
    List<String> listings = log.since(mark, "GET", path + "%3Fformat", AGENT);
    assertThat(puts).as("node 1 copied its own rows").hasSizeGreaterThan(10);
    assertThat(listings).as("one signed listing of the remote container").hasSize(1);
    assertThat(heads).as("a HEAD only for the name the remote already held (its time decides)")
        .allMatch(line -> line.contains(path + "/o0000 "));
    for (String put : puts) {
      String name = put.substring(put.indexOf(path + "/") + path.length() + 1).split(" ")[0];
      assertThat(remote.request("GET", target, name, Map.of(), null).body())
          .isEqualTo(swift.request("GET", local, name, Map.of(), null).body());
    }
  }

  @Test
  void objectsArriveWithTheirTimestampsMetadataOnlyIsAPostAndDeletesFollow() throws Exception {
    String local = unique("csync-objs");
    String target = unique("csync-objs-r");
    pair(local, target, "k-objs", "k-objs");
    Map<String, byte[]> objects = new LinkedHashMap<>();
    objects.put("ünï/cødé ☃", "unicode".getBytes(StandardCharsets.UTF_8));
    objects.put("odd ?#&;%20 name", "odd".getBytes(StandardCharsets.UTF_8));
    objects.put("a//double/slash", "slashes".getBytes(StandardCharsets.UTF_8));
    objects.put("empty", new byte[0]);
    for (Map.Entry<String, byte[]> o : objects.entrySet()) {
      swift.put(local, o.getKey(), o.getValue(), Map.of("X-Object-Meta-Color", "blue", "Content-Type", "text/x-test"));
    }
    swift.put(local, "typed.json", "{}".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
    objects.put("typed.json", "{}".getBytes(StandardCharsets.UTF_8));
    Path conf = headerConfig();

    SyncFixture.Run first = fx.syncOnce(conf);

    assertThat(first.exitCode()).as(first.err()).isZero();
    for (Map.Entry<String, byte[]> o : objects.entrySet()) {
      HttpResponse<byte[]> there = remote.request("GET", target, o.getKey(), Map.of(), null);
      HttpResponse<byte[]> here = swift.request("HEAD", local, o.getKey(), Map.of(), null);
      assertThat(there.statusCode()).as(o.getKey()).isEqualTo(200);
      assertThat(there.body()).isEqualTo(o.getValue());
      assertThat(header(there, "Etag")).isEqualTo(md5Hex(o.getValue()));
      assertThat(header(there, "X-Timestamp")).as("time kept").isEqualTo(header(here, "X-Timestamp"));
      assertThat(header(there, "Content-Type")).isEqualTo(header(here, "Content-Type"));
      assertThat(header(there, "X-Object-Meta-Color")).isEqualTo(header(here, "X-Object-Meta-Color"));
    }

    long mark = log.mark();
    swift.post(local, "ünï/cødé ☃", Map.of("X-Object-Meta-Color", "green", "Content-Type", "text/x-other"));
    swift.delete(local, "empty");
    SyncFixture.Run second = fx.syncOnce(conf);

    assertThat(second.exitCode()).as(second.err()).isZero();
    HttpResponse<byte[]> posted = remote.request("HEAD", target, "ünï/cødé ☃", Map.of(), null);
    assertThat(header(posted, "X-Object-Meta-Color")).isEqualTo("green");
    assertThat(header(posted, "Content-Type")).isEqualTo("text/x-other");
    assertThat(header(posted, "Etag")).isEqualTo(md5Hex(objects.get("ünï/cødé ☃")));
    assertThat(header(posted, "X-Timestamp"))
        .isEqualTo(header(swift.request("HEAD", local, "ünï/cødé ☃", Map.of(), null), "X-Timestamp"));
    assertThat(remote.request("HEAD", target, "empty", Map.of(), null).statusCode()).isEqualTo(404);
    String path = "/v1/AUTH_test2/" + target + "/";
    assertThat(log.since(mark, "PUT", path, AGENT)).as("no body re-sent").isEmpty();
    assertThat(log.since(mark, "POST", path, AGENT)).hasSize(1);
    assertThat(log.since(mark, "DELETE", path, AGENT)).hasSize(1);

    long quiet = log.mark();
    SyncFixture.Run third = fx.syncOnce(conf);
    assertThat(third.exitCode()).as(third.err()).isZero();
    for (String method : List.of("PUT", "POST", "DELETE")) {
      assertThat(log.since(quiet, method, path, AGENT)).as("a pass over synced rows sends no %s", method).isEmpty();
    }
  }

  @Test
  void aWrongKeyIs401NamingTheContainerWhileTheOthersGoOn() throws Exception {
    String good = unique("csync-good");
    String goodTarget = unique("csync-good-r");
    String bad = unique("csync-badkey");
    String badTarget = unique("csync-badkey-r");
    pair(good, goodTarget, "same-key", "same-key");
    pair(bad, badTarget, "local-key", "other-key");
    swift.put(good, "o", "good".getBytes(StandardCharsets.UTF_8), Map.of());
    swift.put(bad, "o", "bad".getBytes(StandardCharsets.UTF_8), Map.of());

    SyncFixture.Run run = fx.syncOnce(headerConfig());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("AUTH_test/" + bad).contains("401").contains(badTarget)
        .doesNotContain("local-key").doesNotContain("other-key");
    assertThat(run.err()).doesNotContain(good + " ");
    assertThat(remote.request("GET", goodTarget, "o", Map.of(), null).body()).isEqualTo("good".getBytes(StandardCharsets.UTF_8));
    assertThat(remote.list(badTarget)).isEmpty();
  }

  @Test
  void anOlderWriteNeverOverwritesANewerOne() throws Exception {
    String local = unique("csync-lww");
    String target = unique("csync-lww-r");
    pair(local, target, "k-lww", "k-lww");
    swift.put(local, "contested", "older".getBytes(StandardCharsets.UTF_8), Map.of("X-Object-Meta-Who", "local"));
    swift.put(local, "deleted-late", "x".getBytes(StandardCharsets.UTF_8), Map.of());
    remote.put(target, "contested", "newer".getBytes(StandardCharsets.UTF_8), Map.of("X-Object-Meta-Who", "remote"));
    String newer = header(remote.request("HEAD", target, "contested", Map.of(), null), "X-Timestamp");
    swift.delete(local, "deleted-late");
    remote.put(target, "deleted-late", "rewritten after the delete".getBytes(StandardCharsets.UTF_8), Map.of());

    SyncFixture.Run run = fx.syncOnce(headerConfig());

    assertThat(run.exitCode()).as(run.err()).isZero();
    HttpResponse<byte[]> there = remote.request("GET", target, "contested", Map.of(), null);
    assertThat(there.body()).isEqualTo("newer".getBytes(StandardCharsets.UTF_8));
    assertThat(header(there, "X-Object-Meta-Who")).isEqualTo("remote");
    assertThat(header(there, "X-Timestamp")).isEqualTo(newer);
    assertThat(remote.request("GET", target, "deleted-late", Map.of(), null).body())
        .as("a tombstone older than the remote write loses").isEqualTo("rewritten after the delete".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aTwoWayPairConvergesAndGoesQuiet() throws Exception {
    String a = unique("csync-two-a");
    String b = unique("csync-two-b");
    syncing(swift, a, Map.of("X-Container-Sync-To", realm + "/AUTH_test2/" + b, "X-Container-Sync-Key", "k-two"));
    syncing(remote, b, Map.of("X-Container-Sync-To", realm + "/AUTH_test/" + a, "X-Container-Sync-Key", "k-two"));
    swift.put(a, "from-a", "a".getBytes(StandardCharsets.UTF_8), Map.of());
    remote.put(b, "from-b", "b".getBytes(StandardCharsets.UTF_8), Map.of());
    swift.put(a, "both", "a's".getBytes(StandardCharsets.UTF_8), Map.of());
    remote.put(b, "both", "b's, later".getBytes(StandardCharsets.UTF_8), Map.of());
    Path conf = headerConfig();

    for (int pass = 0; pass < 3; pass++) {
      SyncFixture.Run run = fx.syncOnce(conf);
      assertThat(run.exitCode()).as(run.err()).isZero();
    }

    assertThat(swift.list(a)).containsExactlyInAnyOrder("from-a", "from-b", "both");
    assertThat(remote.list(b)).containsExactlyInAnyOrder("from-a", "from-b", "both");
    for (String name : List.of("from-a", "from-b", "both")) {
      HttpResponse<byte[]> inA = swift.request("GET", a, name, Map.of(), null);
      HttpResponse<byte[]> inB = remote.request("GET", b, name, Map.of(), null);
      assertThat(inA.body()).as(name).isEqualTo(inB.body());
      assertThat(header(inA, "X-Timestamp")).as(name).isEqualTo(header(inB, "X-Timestamp"));
    }
    assertThat(swift.request("GET", a, "both", Map.of(), null).body()).isEqualTo("b's, later".getBytes(StandardCharsets.UTF_8));

    long mark = log.mark();
    SyncFixture.Run quiet = fx.syncOnce(conf);
    assertThat(quiet.exitCode()).as(quiet.err()).isZero();
    for (String method : List.of("PUT", "POST", "DELETE")) {
      assertThat(log.since(mark, method, "/v1/AUTH_test2/" + b + "/", AGENT)).as("no ping-pong: %s", method).isEmpty();
      assertThat(log.since(mark, method, "/v1/AUTH_test/" + a + "/", AGENT)).as("no ping-pong: %s", method).isEmpty();
    }
  }

  @Test
  void aChainDeliversToTheLastContainer() throws Exception {
    String a = unique("csync-chain-a");
    String b = unique("csync-chain-b");
    String c = unique("csync-chain-c");
    remote.createContainer(c);
    remote.request("POST", c, null, Map.of("X-Container-Sync-Key", "k-chain"), null);
    syncing(remote, b, Map.of("X-Container-Sync-To", realm + "/AUTH_test2/" + c, "X-Container-Sync-Key", "k-chain"));
    syncing(swift, a, Map.of("X-Container-Sync-To", realm + "/AUTH_test2/" + b, "X-Container-Sync-Key", "k-chain"));
    swift.put(a, "travels", "far".getBytes(StandardCharsets.UTF_8), Map.of("X-Object-Meta-Hop", "a"));
    Path conf = headerConfig();

    for (int pass = 0; pass < 2; pass++) {
      SyncFixture.Run run = fx.syncOnce(conf);
      assertThat(run.exitCode()).as(run.err()).isZero();
    }

    HttpResponse<byte[]> atC = remote.request("GET", c, "travels", Map.of(), null);
    assertThat(atC.body()).isEqualTo("far".getBytes(StandardCharsets.UTF_8));
    assertThat(header(atC, "X-Object-Meta-Hop")).isEqualTo("a");
    assertThat(header(atC, "X-Timestamp")).isEqualTo(header(swift.request("HEAD", a, "travels", Map.of(), null), "X-Timestamp"));
  }

  @Test
  void changingTheHeaderRestartsAndRemovingItStops() throws Exception {
    String local = unique("csync-move");
    String first = unique("csync-move-1");
    String second = unique("csync-move-2");
    pair(local, first, "k-move", "k-move");
    remote.createContainer(second);
    remote.request("POST", second, null, Map.of("X-Container-Sync-Key", "k-move"), null);
    swift.put(local, "early", "e".getBytes(StandardCharsets.UTF_8), Map.of());
    Path conf = headerConfig();
    assertThat(fx.syncOnce(conf).exitCode()).isZero();
    assertThat(remote.list(first)).containsExactly("early");

    swift.request("POST", local, null, Map.of("X-Container-Sync-To", realm + "/AUTH_test2/" + second), null);
    swift.put(local, "later", "l".getBytes(StandardCharsets.UTF_8), Map.of());
    assertThat(fx.syncOnce(conf).exitCode()).isZero();
    assertThat(remote.list(second)).as("synced again from the first row").containsExactlyInAnyOrder("early", "later");
    assertThat(remote.list(first)).containsExactly("early");

    swift.request("POST", local, null, Map.of("X-Container-Sync-To", ""), null);
    swift.put(local, "after", "a".getBytes(StandardCharsets.UTF_8), Map.of());
    assertThat(fx.syncOnce(conf).exitCode()).isZero();
    assertThat(remote.list(second)).containsExactlyInAnyOrder("early", "later");
  }

  @Test
  void largeObjectsFollowSwiftsRuleAndASecondPassSendsNothing() throws Exception {
    String segs = unique("csync-segs");
    String manifests = unique("csync-lo");
    for (String c : List.of(segs, manifests)) {
      pair(c, c, "k-lo", "k-lo"); // Swift's rule: the segment container is synced under the same name
    }
    byte[] s1 = new byte[5 << 20];
    java.util.Arrays.fill(s1, (byte) 'a');
    byte[] s2 = new byte[5 << 20];
    java.util.Arrays.fill(s2, (byte) 'b');
    byte[] s3 = "tail".getBytes(StandardCharsets.UTF_8);
    swift.put(segs, "slo/1", s1, Map.of());
    swift.put(segs, "slo/2", s2, Map.of());
    swift.put(segs, "slo/3", s3, Map.of());
    String manifest = "[" + String.join(",",
        entry(segs, "slo/1", s1), entry(segs, "slo/2", s2), entry(segs, "slo/3", s3)) + "]";
    HttpResponse<byte[]> put = swift.request("PUT", swift.url(manifests, "big.slo") + "?multipart-manifest=put",
        Map.of("Content-Type", "application/x-big", "X-Object-Meta-Kind", "slo"), manifest.getBytes(StandardCharsets.UTF_8));
    assertThat(put.statusCode()).as(new String(put.body(), StandardCharsets.UTF_8)).isEqualTo(201);
    swift.put(segs, "dlo/1", "dynamic ".getBytes(StandardCharsets.UTF_8), Map.of());
    swift.put(segs, "dlo/2", "content".getBytes(StandardCharsets.UTF_8), Map.of());
    swift.put(manifests, "joined.dlo", new byte[0], Map.of("X-Object-Manifest", segs + "/dlo/"));
    Path conf = headerConfig();

    SyncFixture.Run run = fx.syncOnce(conf);

    assertThat(run.exitCode()).as(run.err()).isZero();
    HttpResponse<byte[]> localSlo = swift.request("GET", manifests, "big.slo", Map.of(), null);
    HttpResponse<byte[]> remoteSlo = remote.request("GET", manifests, "big.slo", Map.of(), null);
    assertThat(remoteSlo.statusCode()).isEqualTo(200);
    assertThat(header(remoteSlo, "X-Static-Large-Object")).isEqualToIgnoringCase("true");
    assertThat(remoteSlo.body()).isEqualTo(localSlo.body());
    assertThat(header(remoteSlo, "Etag")).isEqualTo(header(localSlo, "Etag"));
    assertThat(header(remoteSlo, "X-Object-Meta-Kind")).isEqualTo("slo");
    assertThat(header(remoteSlo, "X-Timestamp")).isEqualTo(header(localSlo, "X-Timestamp"));
    HttpResponse<byte[]> remoteDlo = remote.request("GET", manifests, "joined.dlo", Map.of(), null);
    assertThat(new String(remoteDlo.body(), StandardCharsets.UTF_8)).isEqualTo("dynamic content");
    assertThat(header(remoteDlo, "X-Object-Manifest")).isEqualTo(segs + "/dlo/");

    long mark = log.mark();
    SyncFixture.Run again = fx.syncOnce(conf);
    assertThat(again.exitCode()).as(again.err()).isZero();
    for (String c : List.of(segs, manifests)) {
      for (String method : List.of("PUT", "POST", "DELETE")) {
        assertThat(log.since(mark, method, "/v1/AUTH_test2/" + c + "/", AGENT)).as("%s %s", method, c).isEmpty();
      }
    }
  }

  static String entry(String container, String name, byte[] body) {
    return "{\"path\": \"/" + container + "/" + name + "\", \"etag\": \"" + md5Hex(body) + "\", \"size_bytes\": "
        + body.length + "}";
  }

  @Test
  void theLegacyUrlFormSendsTheKeyAndTheTimeToAnAllowedHost() throws Exception {
    String local = unique("csync-legacy");
    String target = unique("csync-legacy-r");
    remote.createContainer(target);
    remote.request("POST", target, null, Map.of("X-Container-Sync-Key", "k-legacy"), null);
    try (LegacySyncProxy proxy = LegacySyncProxy.start(fx.saio, dir)) {
      syncing(swift, local, Map.of("X-Container-Sync-To", proxy.url() + "/v1/AUTH_test2/" + target,
          "X-Container-Sync-Key", "k-legacy"));
      swift.put(local, "plain", "legacy".getBytes(StandardCharsets.UTF_8), Map.of("X-Object-Meta-Form", "url"));
      swift.put(local, "doomed", "x".getBytes(StandardCharsets.UTF_8), Map.of());
      Path conf = headerConfig();
      ObjectNode otherHosts = (ObjectNode) SyncFixture.JSON.readTree(conf.toFile());
      otherHosts.putArray("allowed_sync_hosts").add("sync.example");
      Path refusing = fx.write("other-hosts.json", otherHosts);

      SyncFixture.Run refused = fx.syncOnce(refusing);

      assertThat(refused.exitCode()).as("a host outside allowed_sync_hosts is reported").isEqualTo(1);
      assertThat(refused.err()).contains("AUTH_test/" + local).contains("Invalid host '127.0.0.1'");
      assertThat(remote.list(target)).isEmpty();

      SyncFixture.Run first = fx.syncOnce(conf);

      assertThat(first.exitCode()).as(first.err()).isZero();
      HttpResponse<byte[]> there = remote.request("GET", target, "plain", Map.of(), null);
      assertThat(there.body()).isEqualTo("legacy".getBytes(StandardCharsets.UTF_8));
      assertThat(header(there, "X-Object-Meta-Form")).isEqualTo("url");
      assertThat(header(there, "X-Timestamp")).isEqualTo(header(swift.request("HEAD", local, "plain", Map.of(), null),
          "X-Timestamp"));
      assertThat(remote.list(target)).containsExactlyInAnyOrder("plain", "doomed");

      swift.delete(local, "doomed");
      swift.post(local, "plain", Map.of("X-Object-Meta-Form", "changed"));
      SyncFixture.Run second = fx.syncOnce(conf);
      assertThat(second.exitCode()).as(second.err()).isZero();
      assertThat(remote.list(target)).containsExactly("plain");
      assertThat(header(remote.request("HEAD", target, "plain", Map.of(), null), "X-Object-Meta-Form")).isEqualTo("changed");
    }
  }

  @Test
  void aContainerWithObjectVersioningIsSkippedAndReported() throws Exception {
    String local = unique("csync-versioned");
    String target = unique("csync-versioned-r");
    pair(local, target, "k-v", "k-v");
    // The SAIO's proxy has no object versioning (and refuses it on a sync source): the sysmeta its
    // middleware would write goes straight to the container servers, as it would land there.
    String nodes = new String(new ProcessBuilder("swift-get-nodes", "-a",
        fx.saio.swiftDir().resolve("container.ring.gz").toString(), "AUTH_test", local).start().getInputStream()
        .readAllBytes(), StandardCharsets.UTF_8);
    java.util.regex.Matcher urls = java.util.regex.Pattern.compile("\"(http://[^\"]+)\"").matcher(nodes);
    String now = String.format(java.util.Locale.ROOT, "%.5f", System.currentTimeMillis() / 1000.0);
    int posted = 0;
    while (urls.find()) {
      HttpResponse<byte[]> post = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
          .newBuilder(java.net.URI.create(urls.group(1))).header("X-Timestamp", now)
          .header("X-Container-Sysmeta-Versions-Container", "versions-of-" + local)
          .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(post.statusCode()).isBetween(200, 299);
      posted++;
    }
    assertThat(posted).isEqualTo(3);
    swift.put(local, "o", "x".getBytes(StandardCharsets.UTF_8), Map.of());

    SyncFixture.Run run = fx.syncOnce(headerConfig());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("AUTH_test/" + local).contains("object versioning");
    assertThat(remote.list(target)).isEmpty();
  }

  @Test
  void threeRunningDaemonsSendEachObjectOnce() throws Exception {
    String local = unique("csync-daemons");
    String target = unique("csync-daemons-r");
    pair(local, target, "k-d", "k-d");
    for (int node = 1; node <= 3; node++) {
      ObjectNode c = fx.config(node);
      c.put("sync_to_header", true);
      c.remove("verification_slack"); // default: a node verifies the others' rows after a minute
      c.put("metrics_bind", "");
      Path conf = fx.write("daemon" + node + ".json", c);
      ProcessBuilder pb = new ProcessBuilder(io.cloudsync.testing.ProjectLayout.root().resolve("bin/cloudsync").toString(),
          "sync", "--config", conf.toString(), "--console")
          .redirectErrorStream(true).redirectOutput(dir.resolve("daemon" + node + ".log").toFile());
      pb.environment().put("JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
      daemons.add(pb.start());
    }
    long mark = log.mark();
    int n = 30;
    for (int i = 0; i < n; i++) {
      swift.put(local, "o" + i, ("object " + i).getBytes(StandardCharsets.UTF_8), Map.of());
    }

    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(240))
        .pollInterval(java.time.Duration.ofSeconds(2)).until(() -> remote.list(target).size() == n);

    assertThat(log.since(mark, "PUT", "/v1/AUTH_test2/" + target + "/", AGENT)).as("one transfer per object").hasSize(n);
    for (Process daemon : daemons) {
      assertThat(daemon.isAlive()).isTrue();
    }
  }
}
