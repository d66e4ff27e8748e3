package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.md5Hex;
import static io.cloudsync.cli.SyncFixture.s3Key;
import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.cloudsync.shunt.ShuntOptions;
import io.cloudsync.shunt.archive.ArchiveSettings;
import io.cloudsync.shunt.archive.ConfiguredShunt;
import io.cloudsync.store.backends.Backends;
import io.cloudsync.testing.FakeGcs;
import io.cloudsync.testing.FakeGcsTokens;
import io.cloudsync.testing.SwiftClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code protocol: "gcs"} end to end: SAIO → daemon → fake-gcs-server (through a counting relay),
 * signing in with a generated service-account key whose {@code token_uri} is a loopback token
 * endpoint, checked with the plain GCS client; archives read back through the shunt.
 */
class SyncToGcsIT {
  static final int MIB = 1 << 20;
  static FakeGcs gcs;
  static FakeGcsTokens tokens;
  static GcsRelay relay;
  static Storage plain;

  @TempDir
  Path dir;
  SyncFixture fx;
  SwiftClient swift;
  String bucket;
  Path key;

  @BeforeAll
  static void startEmulator() throws Exception {
    gcs = FakeGcs.start();
    tokens = FakeGcsTokens.start();
    relay = GcsRelay.start(gcs.endpoint());
    plain = StorageOptions.newBuilder().setHost(gcs.endpoint().toString()).setProjectId("test")
        .setCredentials(NoCredentials.getInstance()).build().getService();
  }

  @AfterAll
  static void stopEmulator() throws Exception {
    plain.close();
    relay.close();
    tokens.close();
    gcs.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    fx = new SyncFixture(dir);
    swift = fx.saio.client();
    bucket = unique("gcs-helper");
    plain.create(BucketInfo.of(bucket));
    key = Files.writeString(dir.resolve("sa.json"), tokens.newKey(unique("sync")).json());
    relay.corruptUploadsContaining(null);
    relay.resetCounts();
  }

  private ObjectNode gcsMapping(String container) {
    ObjectNode m = fx.mapping(container, bucket, relay.endpoint().toString(), "unused", "unused");
    m.remove("aws_identity");
    m.remove("aws_secret");
    m.put("protocol", "gcs");
    m.put("gcs_credentials", key.toString());
    return m;
  }

  private Blob blob(String container, String object) {
    return plain.get(BlobId.of(bucket, s3Key(fx.saio.account(), container, object)));
  }

  @Test
  void objectsMetadataChangesAndDeletesArriveAndAPostIsOnePatch() throws Exception {
    String container = unique("to-gcs");
    swift.createContainer(container);
    byte[] body = "hello native gcs".getBytes(StandardCharsets.UTF_8);
    String odd = "ünï/cødé ☃ ?#%+&=";
    swift.put(container, odd, body, Map.of("X-Object-Meta-Color", "blue", "Content-Type", "text/x-test"));
    swift.put(container, "empty", new byte[0], Map.of());
    swift.put(container, "gone", "soon".getBytes(StandardCharsets.UTF_8), Map.of());
    Path conf = fx.write("gcs.json", fx.config(1, gcsMapping(container)));

    SyncFixture.Run first = fx.syncOnce(conf);

    assertThat(first.exitCode()).as(first.err()).isZero();
    Blob stored = blob(container, odd);
    assertThat(stored).as("stored under the S3 layout's key").isNotNull();
    assertThat(plain.readAllBytes(stored.getBlobId())).isEqualTo(body);
    assertThat(hex(stored.getMd5())).isEqualTo(md5Hex(body));
    assertThat(stored.getContentType()).isEqualTo("text/x-test");
    assertThat(stored.getMetadata()).containsEntry("color", "blue");
    Blob empty = blob(container, "empty");
    assertThat(empty.getSize()).isZero();
    assertThat(hex(empty.getMd5())).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    assertThat(relay.uploads()).as("one upload per object").isEqualTo(3);
    assertThat(tokens.granted()).as("signed in with the service-account key").isPositive();
    long generation = stored.getGeneration();
    relay.resetCounts();

    swift.post(container, odd, Map.of("X-Object-Meta-Color", "green", "Content-Type", "text/x-test"));
    swift.delete(container, "gone");
    SyncFixture.Run second = fx.syncOnce(conf);

    assertThat(second.exitCode()).as(second.err()).isZero();
    Blob patched = blob(container, odd);
    assertThat(patched.getMetadata()).containsEntry("color", "green");
    assertThat(patched.getGeneration()).as("metadata changed in place, no new generation").isEqualTo(generation);
    assertThat(relay.uploads()).as("no body sent for a POST").isZero();
    assertThat(relay.patches()).isEqualTo(1);
    assertThat(blob(container, "gone")).isNull();
    assertThat(blob(container, "empty")).isNotNull();
  }

  @Test
  void anSloOfThreeSegmentsIsOneObjectAndASecondPassSendsNothing() throws Exception {
    String container = unique("slo-gcs");
    swift.createContainer(container);
    byte[] content = new byte[3 * MIB + 77];
    new Random(7).nextBytes(content);
    Path file = Files.write(dir.resolve("slo.bin"), content);
    fx.saio.swiftCli("upload", "--use-slo", "-S", String.valueOf(MIB), container, file.toString(), "--object-name",
        "slö.bin");
    Path conf = fx.write("slo.json", fx.config(1, gcsMapping(container)));

    SyncFixture.Run first = fx.syncOnce(conf);

    assertThat(first.exitCode()).as(first.err()).isZero();
    Blob stored = blob(container, "slö.bin");
    assertThat(stored.getSize()).isEqualTo(content.length);
    assertThat(hex(stored.getMd5())).as("the whole content in one object").isEqualTo(md5Hex(content));
    assertThat(stored.getMetadata()).containsEntry("x-static-large-object", "True").containsKey("swift-slo-etag");
    String manifestKey = SyncFixture.prefix(fx.saio.account(), container) + "/.manifests/" + fx.saio.account() + "/"
        + container + "/" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
            .digest("slö.bin".getBytes(StandardCharsets.UTF_8))) + ".swift_slo_manifest";
    String manifest = new String(plain.readAllBytes(BlobId.of(bucket, manifestKey)), StandardCharsets.UTF_8);
    assertThat(SyncFixture.JSON.readTree(manifest)).as("the manifest copy lists three segments").hasSize(4);
    relay.resetCounts();

    SyncFixture.Run second = fx.syncOnce(conf);

    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(relay.uploads() + relay.patches()).as("nothing sent for an unchanged SLO").isZero();
    assertThat(blob(container, "slö.bin").getGeneration()).isEqualTo(stored.getGeneration());
  }

  @Test
  void aBodyCorruptedOnTheWayIsRefusedAndLeftAsAFailedRow() throws Exception {
    String container = unique("corrupt-gcs");
    swift.createContainer(container);
    swift.put(container, "fine", "fine".getBytes(StandardCharsets.UTF_8), Map.of());
    swift.put(container, "victim", "CORRUPT-ME-PAYLOAD".getBytes(StandardCharsets.UTF_8), Map.of());
    Path conf = fx.write("corrupt.json", fx.config(1, gcsMapping(container)));
    relay.corruptUploadsContaining("CORRUPT-ME-PAYLOAD");

    SyncFixture.Run run = fx.syncOnce(conf);

    assertThat(run.exitCode()).as("a row failed and awaits its retry (uploads seen %d, corrupted %d): %s",
        relay.uploads(), relay.corrupted(), run.err()).isEqualTo(1);
    assertThat(blob(container, "victim")).as("the emulator refused the body").isNull();
    assertThat(blob(container, "fine")).isNotNull();
    JsonNode row = SyncFixture.JSON.readTree(
        SyncFixture.cloudsync("status", "--config", conf.toString(), "--json").out()).get(0);
    assertThat(row.get("errors").asLong()).isEqualTo(1);
    assertThat(row.get("rows_behind").asLong()).isEqualTo(1);

    relay.corruptUploadsContaining(null);
    // the failed row is retried after its backoff (10 s for the first retry)
    Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(3))
        .until(() -> fx.syncOnce(conf).exitCode() == 0);

    assertThat(plain.readAllBytes(blob(container, "victim").getBlobId()))
        .isEqualTo("CORRUPT-ME-PAYLOAD".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anArchiveInGcsIsReadBackThroughTheShunt() throws Exception {
    String container = unique("archive-gcs");
    swift.createContainer(container);
    byte[] body = "0123456789 archived in gcs".getBytes(StandardCharsets.UTF_8);
    swift.put(container, "doc", body, Map.of("X-Object-Meta-Kind", "report"));
    swift.put(container, "dir/other", "x".getBytes(StandardCharsets.UTF_8), Map.of());
    ObjectNode m = gcsMapping(container);
    m.put("retain_local", false);
    m.put("propagate_delete", false);
    Path conf = fx.write("archive.json", fx.config(1, m));

    SyncFixture.Run run = fx.syncOnce(conf);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(swift.request("HEAD", container, "doc", Map.of(), null).statusCode()).as("archived").isEqualTo(404);
    assertThat(plain.readAllBytes(blob(container, "doc").getBlobId())).isEqualTo(body);
    try (ConfiguredShunt shunt = ConfiguredShunt.start(conf, ConfiguredShunt.load(conf),
        new InetSocketAddress("127.0.0.1", 0), URI.create(fx.saio.proxyUrl()), ShuntOptions.defaults(),
        ArchiveSettings.defaults(), Duration.ofSeconds(5), new Backends())) {
      String base = "http://127.0.0.1:" + shunt.localAddress().getPort() + "/v1/" + fx.saio.account() + "/"
          + container;
      HttpResponse<byte[]> whole = swift.request("GET", base + "/doc", Map.of(), null);
      assertThat(whole.statusCode()).isEqualTo(200);
      assertThat(whole.body()).isEqualTo(body);
      assertThat(whole.headers().firstValue("Etag")).hasValue(md5Hex(body));
      assertThat(whole.headers().firstValue("X-Object-Meta-Kind")).hasValue("report");
      HttpResponse<byte[]> range = swift.request("GET", base + "/doc", Map.of("Range", "bytes=2-5"), null);
      assertThat(range.statusCode()).isEqualTo(206);
      assertThat(new String(range.body(), StandardCharsets.UTF_8)).isEqualTo("2345");
      assertThat(swift.request("GET", base + "/doc", Map.of("If-None-Match", md5Hex(body)), null).statusCode())
          .isEqualTo(304);
      HttpResponse<byte[]> listing = swift.request("GET", base + "?format=json", Map.of(), null);
      assertThat(SyncFixture.JSON.readTree(listing.body()).findValuesAsText("name"))
          .containsExactly("dir/other", "doc");
      HttpResponse<byte[]> rolled = swift.request("GET", base + "?format=json&delimiter=/", Map.of(), null);
      assertThat(SyncFixture.JSON.readTree(rolled.body()).findValuesAsText("subdir")).containsExactly("dir/");
    }
  }

  @Test
  void anArchivedObjectReadThroughTheShuntIsRestoredIntoSwift() throws Exception {
    String container = unique("restore-gcs");
    swift.createContainer(container);
    byte[] body = new byte[3 * MIB + 17];
    new Random(7).nextBytes(body);
    swift.put(container, "big", body, Map.of("X-Object-Meta-Kind", "restored", "Content-Type", "application/x-r"));
    swift.put(container, "small", "tiny".getBytes(StandardCharsets.UTF_8), Map.of());
    ObjectNode m = gcsMapping(container);
    m.put("retain_local", false);
    m.put("propagate_delete", false);
    m.put("restore_object", true);
    Path conf = fx.write("restore.json", fx.config(1, m));
    SyncFixture.Run run = fx.syncOnce(conf);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(swift.request("HEAD", container, "big", Map.of(), null).statusCode()).as("archived").isEqualTo(404);

    try (ConfiguredShunt shunt = ConfiguredShunt.start(conf, ConfiguredShunt.load(conf),
        new InetSocketAddress("127.0.0.1", 0), URI.create(fx.saio.proxyUrl()), ShuntOptions.defaults(),
        ArchiveSettings.defaults(), Duration.ofSeconds(5), new Backends())) {
      String base = "http://127.0.0.1:" + shunt.localAddress().getPort() + "/v1/" + fx.saio.account() + "/"
          + container;
      HttpResponse<byte[]> partial = swift.request("GET", base + "/small", Map.of("Range", "bytes=0-1"), null);
      assertThat(partial.statusCode()).isEqualTo(206);
      HttpResponse<byte[]> whole = swift.request("GET", base + "/big", Map.of(), null);
      assertThat(whole.statusCode()).isEqualTo(200);
      assertThat(whole.body()).isEqualTo(body);

      Awaitility.await("restored into Swift").atMost(Duration.ofSeconds(90)).untilAsserted(() ->
          assertThat(swift.request("HEAD", container, "big", Map.of(), null).statusCode()).isEqualTo(200));
      HttpResponse<byte[]> local = swift.request("GET", container, "big", Map.of(), null);
      assertThat(local.body()).isEqualTo(body);
      assertThat(local.headers().firstValue("Etag")).hasValue(md5Hex(body));
      assertThat(local.headers().firstValue("X-Object-Meta-Kind")).hasValue("restored");
      assertThat(local.headers().firstValue("Content-Type")).hasValue("application/x-r");
      assertThat(swift.request("HEAD", container, "small", Map.of(), null).statusCode())
          .as("a range read restores nothing").isEqualTo(404);
    }
  }

  @Test
  void applicationDefaultCredentialsSignInWhenNoKeyIsConfigured() throws Exception {
    String container = unique("adc-gcs");
    swift.createContainer(container);
    swift.put(container, "via-adc", "signed in with ADC".getBytes(StandardCharsets.UTF_8), Map.of());
    ObjectNode m = gcsMapping(container);
    m.remove("gcs_credentials");
    Path conf = fx.write("adc.json", fx.config(1, m));
    Path log = dir.resolve("adc.log");
    int grantedBefore = tokens.granted();

    ProcessBuilder pb = new ProcessBuilder(io.cloudsync.testing.ProjectLayout.root().resolve("bin/cloudsync").toString(),
        "sync", "--once", "--config", conf.toString(), "--console")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
    pb.environment().put("GOOGLE_APPLICATION_CREDENTIALS", key.toString());
    Process process = pb.start();
    assertThat(process.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)).as("sync --once finished").isTrue();

    assertThat(process.exitValue()).as(Files.readString(log)).isZero();
    Blob stored = blob(container, "via-adc");
    assertThat(stored).as(Files.readString(log)).isNotNull();
    assertThat(plain.readAllBytes(stored.getBlobId())).isEqualTo("signed in with ADC".getBytes(StandardCharsets.UTF_8));
    assertThat(tokens.granted()).as("a token granted for the ADC key").isGreaterThan(grantedBefore);

    ProcessBuilder without = new ProcessBuilder(pb.command()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("no-adc.log").toFile());
    without.environment().put("JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
    without.environment().remove("GOOGLE_APPLICATION_CREDENTIALS");
    without.environment().put("HOME", dir.resolve("empty-home").toString());
    without.environment().put("CLOUDSDK_CONFIG", dir.resolve("no-gcloud").toString());
    Process refused = without.start();
    assertThat(refused.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(dir.resolve("no-adc.log"));
    assertThat(refused.exitValue()).as(output).isEqualTo(1);
    assertThat(output).contains("Application Default Credentials");
  }

  private static String hex(String base64) {
    return HexFormat.of().formatHex(Base64.getDecoder().decode(base64));
  }
}
