package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.md5Hex;
import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.shunt.ShuntOptions;
import io.cloudsync.shunt.archive.ArchiveSettings;
import io.cloudsync.shunt.archive.ConfiguredShunt;
import io.cloudsync.store.backends.Backends;
import io.cloudsync.swift.SwiftTimestamp;
import io.cloudsync.testing.EmbeddedS3;
import io.cloudsync.testing.SwiftClient;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code cloudsync migrate} end to end: S3 buckets (S3Proxy) and a remote Swift account (the SAIO's
 * AUTH_test2, as test2:tester2) pulled into AUTH_test through the internal proxy. Effects are
 * checked in Swift (X-Timestamp, metadata, content), requests are counted at S3Proxy and in the
 * SAIO proxies' access logs.
 */
class MigrateIT extends SaioS3TestBase {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  SwiftClient remote;

  @BeforeEach
  void remote() {
    remote = SwiftClient.login(fx.saio.env("SWIFT_AUTH_URL"), fx.saio.env("SWIFT_USER2"), fx.saio.env("SWIFT_KEY2"));
  }

  private ObjectNode s3Migration(String bucket, String container) {
    ObjectNode m = SyncFixture.JSON.createObjectNode();
    m.put("account", fx.saio.account());
    m.put("aws_bucket", bucket);
    if (container != null) {
      m.put("container", container);
    }
    m.put("aws_endpoint", s3.endpoint().toString());
    m.put("aws_identity", EmbeddedS3.IDENTITY);
    m.put("aws_secret", EmbeddedS3.SECRET);
    m.put("workers", 4);
    return m;
  }

  private ObjectNode swiftMigration(String container) {
    ObjectNode m = SyncFixture.JSON.createObjectNode();
    m.put("account", fx.saio.account());
    m.put("aws_bucket", container);
    m.put("protocol", "swift");
    m.put("aws_endpoint", fx.saio.env("SWIFT_AUTH_URL"));
    m.put("aws_identity", fx.saio.env("SWIFT_USER2"));
    m.put("aws_secret", fx.saio.env("SWIFT_KEY2"));
    m.put("workers", 4);
    return m;
  }

  private Path config(String name, ObjectNode... migrations) throws IOException {
    return config(name, 1, 0, migrations);
  }

  private Path config(String name, int node, double slackMinutes, ObjectNode... migrations) throws IOException {
    ObjectNode c = fx.config(node);
    c.put("verification_slack", slackMinutes);
    c.remove("containers");
    c.putArray("migrations").addAll(List.of(migrations));
    ObjectNode settings = c.putObject("migrator_settings");
    settings.put("status_file", dir.resolve(node == 1 ? "migrator-status.json" : "migrator-status-" + node + ".json")
        .toString());
    settings.put("items_chunk", 2); // several listing pages per container
    settings.put("workers", 8);
    return fx.write(name, c);
  }

  private static SyncFixture.Run migrateOnce(Path conf) {
    return SyncFixture.cloudsync("migrate", "--config", conf.toString(), "--once");
  }

  private HttpResponse<byte[]> local(String method, String container, String object) {
    return swift.request(method, container, object, Map.of(), null);
  }

  private static SwiftTimestamp timestamp(HttpResponse<?> r) {
    return SwiftTimestamp.parse(r.headers().firstValue("X-Timestamp").orElseThrow());
  }

  @Test
  void s3BucketArrivesWithTimesMetadataAndUnicodeNamesAndConverges() throws Exception {
    String bucket = unique("mig-s3");
    s3.createBucket(bucket);
    byte[] body = "migrated from s3".getBytes(StandardCharsets.UTF_8);
    String unicode = "ünï/cødé ☃ 😀";
    s3.client().putObject(b -> b.bucket(bucket).key(unicode).contentType("text/x-mig")
        .metadata(Map.of("color", "blue", "note", "caf%C3%A9")), RequestBody.fromBytes(body));
    for (String name : List.of("a", "b", "c", "gone", "mine")) {
      s3.client().putObject(b -> b.bucket(bucket).key(name), RequestBody.fromString("body of " + name));
    }
    Path conf = config("s3.json", s3Migration(bucket, null));

    SyncFixture.Run first = migrateOnce(conf);

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(swift.list(bucket)).containsExactlyInAnyOrder(unicode, "a", "b", "c", "gone", "mine");
    HttpResponse<byte[]> got = local("GET", bucket, unicode);
    assertThat(got.body()).isEqualTo(body);
    assertThat(got.headers().firstValue("Etag")).hasValue(md5Hex(body));
    assertThat(got.headers().firstValue("Content-Type")).hasValue("text/x-mig");
    assertThat(got.headers().firstValue("X-Object-Meta-Color")).hasValue("blue");
    assertThat(new String(got.headers().firstValue("X-Object-Meta-Note").orElseThrow()
        .getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)).as("percent-encoded metadata decoded")
        .isEqualTo("café");
    List<S3Object> listed = s3.client().listObjectsV2(b -> b.bucket(bucket)).contents();
    assertThat(listed).hasSize(6);
    for (S3Object o : listed) {
      assertThat(timestamp(local("HEAD", bucket, o.key())).toInstant()).as("X-Timestamp of %s", o.key())
          .isEqualTo(SwiftTimestamp.ofInstant(o.lastModified()).toInstant());
    }

    // second pass over an unchanged source: listings only
    long gets = s3.requests("GetObject");
    long heads = s3.requests("HeadObject");
    long lists = s3.requests("ListObjectsV2");
    long mark = InternalProxyLog.mark(fx);
    SyncFixture.Run second = migrateOnce(conf);
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(s3.requests("GetObject") - gets).as("no GET of an unchanged source").isZero();
    assertThat(s3.requests("HeadObject") - heads).isZero();
    assertThat(s3.requests("ListObjectsV2") - lists).as("6 names in pages of 2").isBetween(3L, 4L);
    assertThat(InternalProxyLog.since(fx, mark, "PUT", "/v1/" + fx.saio.account() + "/" + bucket + "/"))
        .as("no local PUT").isEmpty();

    // a changed source object is copied again; a deleted one is removed locally unless written locally
    Thread.sleep(1100); // S3 times have 1 s resolution at S3Proxy
    s3.client().putObject(b -> b.bucket(bucket).key("b"), RequestBody.fromString("changed b"));
    s3.client().deleteObject(b -> b.bucket(bucket).key("gone"));
    s3.client().deleteObject(b -> b.bucket(bucket).key("mine"));
    swift.put(bucket, "mine", "written locally".getBytes(StandardCharsets.UTF_8), Map.of());
    swift.put(bucket, "local-only", "never in the source".getBytes(StandardCharsets.UTF_8), Map.of());

    SyncFixture.Run third = migrateOnce(conf);

    assertThat(third.exitCode()).as(third.err()).isZero();
    assertThat(new String(local("GET", bucket, "b").body(), StandardCharsets.UTF_8)).isEqualTo("changed b");
    assertThat(local("HEAD", bucket, "gone").statusCode()).as("migrated copy of a deleted source object")
        .isEqualTo(404);
    assertThat(new String(local("GET", bucket, "mine").body(), StandardCharsets.UTF_8))
        .as("a local write survives the source's delete").isEqualTo("written locally");
    assertThat(local("HEAD", bucket, "local-only").statusCode()).isEqualTo(200);

    JsonNode status = SyncFixture.JSON.readTree(dir.resolve("migrator-status.json").toFile());
    JsonNode entry = status.get("migrations").get(0);
    assertThat(entry.get("kind").asText()).isEqualTo("migration");
    assertThat(entry.get("objects_copied").asLong()).isEqualTo(7);
    assertThat(entry.get("deletes").asLong()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("migrator-status.json"))).doesNotContain(EmbeddedS3.SECRET);
    SyncFixture.Run shown = SyncFixture.cloudsync("status", "--config", conf.toString(), "--json");
    assertThat(shown.exitCode()).as(shown.err()).isZero();
    JsonNode rows = SyncFixture.JSON.readTree(shown.out());
    assertThat(rows.findValuesAsText("kind")).contains("migration");
    assertThat(shown.out()).doesNotContain(EmbeddedS3.SECRET);
  }

  @Test
  void eachNodeMigratesTheContainersItOwnsAndTheOthersOnlyAfterTheSlack() throws Exception {
    String bucket = unique("mig-own");
    s3.createBucket(bucket);
    for (String name : List.of("p", "q", "r")) {
      s3.client().putObject(b -> b.bucket(bucket).key(name), RequestBody.fromString("body of " + name));
    }
    long mark = InternalProxyLog.mark(fx);
    int owners = 0;
    for (int node = 1; node <= 3; node++) {
      Path conf = config("own-" + node + ".json", node, 60, s3Migration(bucket, null));
      SyncFixture.Run run = migrateOnce(conf);
      assertThat(run.exitCode()).as(run.err()).isZero();
      JsonNode entry = SyncFixture.JSON.readTree(dir.resolve(node == 1 ? "migrator-status.json"
          : "migrator-status-" + node + ".json").toFile()).get("migrations").get(0).get("containers").get(bucket);
      assertThat(entry.hasNonNull("first_seen")).as("node %s remembers when it first saw the container", node)
          .isTrue();
      if (entry.hasNonNull("last_pass_end")) {
        owners++;
        assertThat(entry.get("owned").asBoolean()).isTrue();
        assertThat(entry.get("copied").asLong()).isEqualTo(3);
      }
    }
    assertThat(owners).as("one node owns the container in the ring").isEqualTo(1);
    assertThat(InternalProxyLog.since(fx, mark, "PUT", "/v1/" + fx.saio.account() + "/" + bucket + "/"))
        .as("each object copied once across the three nodes").hasSize(3);
    assertThat(swift.list(bucket)).containsExactlyInAnyOrder("p", "q", "r");

    // with the slack over, every node migrates it: the copies are there, so listings only
    long gets = s3.requests("GetObject");
    for (int node = 1; node <= 3; node++) {
      SyncFixture.Run run = migrateOnce(config("own0-" + node + ".json", node, 0, s3Migration(bucket, null)));
      assertThat(run.exitCode()).as(run.err()).isZero();
    }
    assertThat(s3.requests("GetObject") - gets).isZero();
  }

  @Test
  void s3AccountMigrationCopiesEveryBucketToTheSameNamedContainer() throws Exception {
    String one = unique("mig-all1");
    String two = unique("mig-all2");
    EmbeddedS3 own = EmbeddedS3.start(); // its own server: "/*" takes every bucket there is
    try (own) {
      own.createBucket(one);
      own.createBucket(two);
      own.client().putObject(b -> b.bucket(one).key("x"), RequestBody.fromString("x in one"));
      own.client().putObject(b -> b.bucket(two).key("y/z"), RequestBody.fromString("y/z in two"));
      ObjectNode m = s3Migration("/*", null);
      m.put("aws_endpoint", own.endpoint().toString());
      Path conf = config("all.json", m);

      SyncFixture.Run run = migrateOnce(conf);

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(new String(local("GET", one, "x").body(), StandardCharsets.UTF_8)).isEqualTo("x in one");
      assertThat(new String(local("GET", two, "y/z").body(), StandardCharsets.UTF_8)).isEqualTo("y/z in two");
    }
  }

  @Test
  void swiftContainerArrivesWithItsTimestampsMetadataAclsAndLargeObjects() throws Exception {
    String container = unique("mig-sw");
    String dest = unique("mig-sw-dest");
    remote.request("PUT", container, null, Map.of("X-Container-Meta-Owner", "team-a",
        "X-Container-Read", ".r:*"), null);
    byte[] body = "from the other swift".getBytes(StandardCharsets.UTF_8);
    remote.put(container, "plain ☃", body, Map.of("X-Object-Meta-Kind", "doc", "Content-Type", "text/x-doc"));
    remote.post(container, "plain ☃", Map.of("X-Object-Meta-Kind", "posted", "Content-Type", "text/x-doc"));
    // an SLO of two segments in <container>_segments
    String segments = container + "_segments";
    remote.createContainer(segments);
    byte[] s1 = "first segment ".repeat(100).getBytes(StandardCharsets.UTF_8);
    byte[] s2 = "second".getBytes(StandardCharsets.UTF_8);
    remote.put(segments, "big/1", s1, Map.of());
    remote.put(segments, "big/2", s2, Map.of());
    String manifest = "[{\"path\": \"/" + segments + "/big/1\", \"etag\": \"" + md5Hex(s1) + "\"},"
        + " {\"path\": \"/" + segments + "/big/2\", \"etag\": \"" + md5Hex(s2) + "\"}]";
    HttpResponse<byte[]> sloPut = remote.request("PUT", remote.url(container, "big") + "?multipart-manifest=put",
        Map.of("X-Object-Meta-Large", "yes"), manifest.getBytes(StandardCharsets.UTF_8));
    assertThat(sloPut.statusCode()).as(new String(sloPut.body(), StandardCharsets.UTF_8)).isEqualTo(201);
    // a DLO: copied as a plain object with its whole content
    remote.put(segments, "dlo/1", "dlo-a".getBytes(StandardCharsets.UTF_8), Map.of());
    remote.put(segments, "dlo/2", "dlo-b".getBytes(StandardCharsets.UTF_8), Map.of());
    remote.put(container, "dlo", new byte[0], Map.of("X-Object-Manifest", segments + "/dlo/"));
    ObjectNode m = swiftMigration(container);
    m.put("container", dest);
    Path conf = config("swift.json", m);

    SyncFixture.Run first = migrateOnce(conf);

    assertThat(first.exitCode()).as(first.err()).isZero();
    HttpResponse<byte[]> src = remote.request("HEAD", container, "plain ☃", Map.of(), null);
    HttpResponse<byte[]> got = local("GET", dest, "plain ☃");
    assertThat(got.body()).isEqualTo(body);
    assertThat(timestamp(got)).as("X-Timestamp kept").isEqualTo(timestamp(src));
    assertThat(got.headers().firstValue("X-Object-Meta-Kind")).hasValue("posted");
    assertThat(got.headers().firstValue("Content-Type")).hasValue("text/x-doc");
    HttpResponse<byte[]> head = local("HEAD", dest, null);
    assertThat(head.headers().firstValue("X-Container-Meta-Owner")).hasValue("team-a");
    assertThat(head.headers().firstValue("X-Container-Read")).as("ACLs set on the container servers")
        .hasValue(".r:*");

    HttpResponse<byte[]> slo = local("GET", dest, "big");
    assertThat(slo.statusCode()).isEqualTo(200);
    assertThat(slo.body()).isEqualTo((new String(s1, StandardCharsets.UTF_8) + "second").getBytes(
        StandardCharsets.UTF_8));
    assertThat(slo.headers().firstValue("X-Static-Large-Object")).hasValue("True");
    assertThat(slo.headers().firstValue("X-Object-Meta-Large")).hasValue("yes");
    assertThat(timestamp(slo)).isEqualTo(timestamp(remote.request("HEAD", container, "big", Map.of(), null)));
    assertThat(local("HEAD", segments, "big/1").statusCode()).as("segments in the same segment container")
        .isEqualTo(200);
    HttpResponse<byte[]> dlo = local("GET", dest, "dlo");
    assertThat(new String(dlo.body(), StandardCharsets.UTF_8)).isEqualTo("dlo-adlo-b");
    assertThat(dlo.headers().firstValue("X-Object-Manifest")).as("a plain copy").isEmpty();

    // second pass: the source costs listings only
    ProxyAccessLog log = new ProxyAccessLog(fx.saio, remote, container);
    long mark = log.mark();
    long localMark = InternalProxyLog.mark(fx);
    SyncFixture.Run second = migrateOnce(conf);
    assertThat(second.exitCode()).as(second.err()).isZero();
    String objects = "/v1/AUTH_test2/" + SwiftClient.encodePath(container) + "/";
    assertThat(log.since(mark, "GET", objects, "cloudsync")).as("no object GET at the source").isEmpty();
    assertThat(log.since(mark, "HEAD", objects, "cloudsync")).isEmpty();
    assertThat(InternalProxyLog.since(fx, localMark, "PUT", "/v1/" + fx.saio.account() + "/" + dest + "/"))
        .as("no local PUT").isEmpty();
    assertThat(InternalProxyLog.since(fx, localMark, "PUT", "/v1/" + fx.saio.account() + "/" + segments + "/"))
        .as("no local segment PUT").isEmpty();
  }

  @Test
  void theShuntServesObjectsNotMigratedYetFromTheSource() throws Exception {
    String bucket = unique("mig-shunt");
    s3.createBucket(bucket);
    byte[] body = "not migrated yet".getBytes(StandardCharsets.UTF_8);
    s3.client().putObject(b -> b.bucket(bucket).key("early").contentType("text/x-early")
        .metadata(Map.of("kind", "early")), RequestBody.fromBytes(body));
    swift.createContainer(bucket);
    swift.put(bucket, "local", "already here".getBytes(StandardCharsets.UTF_8), Map.of());
    Path conf = config("shunt.json", s3Migration(bucket, null));
    try (ConfiguredShunt shunt = ConfiguredShunt.start(conf, ConfiguredShunt.load(conf),
        new InetSocketAddress("127.0.0.1", 0), URI.create(fx.saio.proxyUrl()), ShuntOptions.defaults(),
        ArchiveSettings.defaults(), Duration.ofSeconds(5), new Backends())) {
      String base = "http://127.0.0.1:" + shunt.localAddress().getPort() + "/v1/" + fx.saio.account() + "/" + bucket;
      HttpResponse<byte[]> got = swift.request("GET", base + "/early", Map.of(), null);
      assertThat(got.statusCode()).isEqualTo(200);
      assertThat(got.body()).isEqualTo(body);
      assertThat(got.headers().firstValue("X-Object-Meta-Kind")).hasValue("early");
      assertThat(swift.request("HEAD", base + "/early", Map.of(), null).statusCode()).isEqualTo(200);
      assertThat(local("HEAD", bucket, "early").statusCode()).as("not in Swift itself").isEqualTo(404);
      HttpResponse<byte[]> listing = swift.request("GET", base + "?format=json", Map.of(), null);
      assertThat(SyncFixture.JSON.readTree(listing.body()).findValuesAsText("name"))
          .containsExactly("early", "local");
      assertThat(swift.request("GET", base + "/never", Map.of(), null).statusCode()).isEqualTo(404);

      SyncFixture.Run run = migrateOnce(conf);

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(local("GET", bucket, "early").body()).isEqualTo(body);
      assertThat(swift.request("GET", base + "/early", Map.of(), null).body()).isEqualTo(body);
    }
  }

  @Test
  void asADaemonItPassesEveryPollIntervalAndCountsInPrometheus() throws Exception {
    String bucket = unique("mig-daemon");
    s3.createBucket(bucket);
    for (String name : List.of("d1", "d2", "d3")) {
      s3.client().putObject(b -> b.bucket(bucket).key(name), RequestBody.fromString("body of " + name));
    }
    int port = DaemonProcess.freePort();
    ObjectNode c = (ObjectNode) SyncFixture.JSON.readTree(config("daemon.json", s3Migration(bucket, null)).toFile());
    c.put("metrics_bind", "127.0.0.1:" + port);
    ((ObjectNode) c.get("migrator_settings")).put("poll_interval", 1);
    Path conf = fx.write("daemon.json", c);
    try (DaemonProcess daemon = DaemonProcess.start("migrate", conf, dir.resolve("daemon.log"), port)) {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        assertThat(daemon.alive()).as(daemon.log()).isTrue();
        assertThat(daemon.metric("cloudsync_migrate_objects_copied_total")).isEqualTo(3.0);
      });
      s3.client().putObject(b -> b.bucket(bucket).key("d4"), RequestBody.fromString("later"));
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
          .untilAsserted(() -> assertThat(local("HEAD", bucket, "d4").statusCode()).isEqualTo(200));
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .untilAsserted(() -> assertThat(daemon.metric("cloudsync_migrate_objects_copied_total")).isEqualTo(4.0));
    }
    assertThat(swift.list(bucket)).containsExactlyInAnyOrder("d1", "d2", "d3", "d4");
  }

  @Test
  void processAndProcessesSplitTheMigrationsAsUpstream() throws Exception {
    String first = unique("mig-proc0");
    String second = unique("mig-proc1");
    for (String bucket : List.of(first, second)) {
      s3.createBucket(bucket);
      s3.client().putObject(b -> b.bucket(bucket).key("o"), RequestBody.fromString("in " + bucket));
    }
    ObjectNode c = (ObjectNode) SyncFixture.JSON.readTree(config("procs.json", s3Migration(first, null),
        s3Migration(second, null)).toFile());
    ((ObjectNode) c.get("migrator_settings")).put("processes", 2).put("process", 1);
    SyncFixture.Run run = migrateOnce(fx.write("procs.json", c));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(local("HEAD", second, "o").statusCode()).as("migration 1 is process 1's").isEqualTo(200);
    assertThat(local("HEAD", first, null).statusCode()).as("migration 0 is process 0's").isEqualTo(404);
  }

  @Test
  void missingConfigExitsZeroUnlessStrictAndBadConfigExitsTwo() throws Exception {
    Path missing = dir.resolve("nope.json");
    assertThat(SyncFixture.cloudsync("migrate", "--config", missing.toString(), "--once").exitCode()).isZero();
    assertThat(SyncFixture.cloudsync("migrate", "--config", missing.toString(), "--once", "--strict").exitCode())
        .isEqualTo(2);
    ObjectNode bad = s3Migration("mig-bad", null);
    bad.put("workers", 0);
    SyncFixture.Run run = migrateOnce(config("bad.json", bad));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("workers");
    ObjectNode c = fx.config(1);
    c.remove("containers");
    c.putArray("migrations").add(s3Migration("mig-nosettings", null));
    SyncFixture.Run noSettings = migrateOnce(fx.write("nosettings.json", c));
    assertThat(noSettings.exitCode()).isEqualTo(2);
    assertThat(noSettings.err()).contains("migrator_settings");
  }

  @Test
  void aFailedMigrationMakesOnceExitOne() throws Exception {
    ObjectNode m = s3Migration(unique("mig-missing"), null); // no such bucket
    SyncFixture.Run run = migrateOnce(config("missing-bucket.json", m));
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
  }

  @Test
  void aMissingSwiftSourceContainerFailsAndDeletesNothing() throws Exception {
    String container = unique("mig-sw-gone");
    remote.createContainer(container);
    remote.put(container, "kept", "kept".getBytes(StandardCharsets.UTF_8), Map.of());
    Path conf = config("gone.json", swiftMigration(container));
    assertThat(migrateOnce(conf).exitCode()).isZero();
    assertThat(local("HEAD", container, "kept").statusCode()).isEqualTo(200);
    remote.delete(container, "kept");
    remote.request("DELETE", container, null, Map.of(), null);

    SyncFixture.Run run = migrateOnce(conf);

    assertThat(run.exitCode()).as("a missing source container is a failure").isEqualTo(1);
    assertThat(local("HEAD", container, "kept").statusCode()).as("not read as 'everything deleted'")
        .isEqualTo(200);
  }

  /** Requests the SAIO's internal proxy logged (log/internal-proxy.log), closed by a mark request. */
  static final class InternalProxyLog {
    static long mark(SyncFixture fx) {
      return fx.saio.dir().resolve("log").resolve("internal-proxy.log").toFile().length();
    }

    static List<String> since(SyncFixture fx, long mark, String method, String pathPrefix) throws Exception {
      Path file = fx.saio.dir().resolve("log").resolve("internal-proxy.log");
      String name = "mig-mark-" + UUID.randomUUID();
      for (int i = 0; i < 2; i++) { // two proxy workers: one mark each, most likely
        HTTP.send(HttpRequest.newBuilder(URI.create(fx.saio.internalProxyUrl() + "/v1/" + fx.saio.account()
            + "/mig-marks/" + name + "-" + i)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.discarding());
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> read(file, mark).contains(name + "-1"));
      List<String> hits = new ArrayList<>();
      for (String line : read(file, mark).split("\n")) {
        if (line.contains(" " + method + " " + pathPrefix)) {
          hits.add(line);
        }
      }
      return hits;
    }

    private static String read(Path file, long mark) throws IOException {
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
        long length = raf.length();
        byte[] bytes = new byte[(int) Math.max(0, length - mark)];
        raf.seek(Math.min(mark, length));
        raf.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
      }
    }
  }
}
