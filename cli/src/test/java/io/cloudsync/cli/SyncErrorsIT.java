package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.md5Hex;
import static io.cloudsync.cli.SyncFixture.s3Key;
import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.testing.EmbeddedS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** Bad input and failing remotes: clear messages, documented exit codes, nothing marked done that was not. */
class SyncErrorsIT extends SaioS3TestBase {


  @Test
  void aTypoInAKeyFailsFastNamingKeyAndFile() throws Exception {
    ObjectNode mapping = fx.mapping("c", "b", s3.endpoint().toString(), "id", "secret");
    mapping.put("aws_bukcet", "oops");
    Path conf = fx.write("typo.json", fx.config(1, mapping));

    SyncFixture.Run run = fx.syncOnce(conf);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("aws_bukcet").contains("typo.json").doesNotContain("\tat ");
  }

  @Test
  void aBadValueFailsWithExit2() throws Exception {
    ObjectNode config = fx.config(1, fx.mapping("c", "b", s3.endpoint().toString(), "id", "secret"));
    config.put("workers", "many");
    SyncFixture.Run run = fx.syncOnce(fx.write("bad.json", config));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("workers").contains("bad.json");
  }

  @Test
  void archiveWithPropagateDeleteIsRejectedWithAnExplanation() throws Exception {
    ObjectNode mapping = fx.mapping("c", "b", s3.endpoint().toString(), "id", "secret");
    mapping.put("retain_local", false);
    mapping.put("propagate_delete", true);
    SyncFixture.Run run = fx.syncOnce(fx.write("archive.json", fx.config(1, mapping)));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("retain_local").contains("propagate_delete");
  }

  @Test
  void devicesThatDoNotExistOrAStatusDirThatIsAFileExit2NamingTheKey() throws Exception {
    ObjectNode missingDevices = fx.config(1, fx.mapping("c", "b", s3.endpoint().toString(), "id", "secret"));
    missingDevices.put("devices", dir.resolve("no-such-devices").toString());
    SyncFixture.Run run = fx.syncOnce(fx.write("devices.json", missingDevices));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("devices.json").contains("devices:").contains("does not exist")
        .doesNotContain("\tat ");

    Path file = Files.writeString(dir.resolve("a-file"), "x");
    ObjectNode fileStatus = fx.config(1, fx.mapping("c", "b", s3.endpoint().toString(), "id", "secret"));
    fileStatus.put("status_dir", file.toString());
    SyncFixture.Run second = fx.syncOnce(fx.write("status.json", fileStatus));
    assertThat(second.exitCode()).isEqualTo(2);
    assertThat(second.err()).contains("status.json").contains("status_dir:").contains("is a file");
  }

  @Test
  void aBadCommandLineExits2() {
    assertThat(SyncFixture.cloudsync("sync", "--once").exitCode()).as("missing --config").isEqualTo(2);
    assertThat(SyncFixture.cloudsync("sync", "--config", "x", "--bogus").exitCode()).as("unknown option").isEqualTo(2);
  }

  @Test
  void aMissingConfigExits0UnlessStrict() {
    String missing = dir.resolve("nope.json").toString();
    SyncFixture.Run lenient = SyncFixture.cloudsync("sync", "--config", missing, "--once");
    assertThat(lenient.exitCode()).isZero();
    assertThat(lenient.err()).contains("nope.json");
    SyncFixture.Run strict = SyncFixture.cloudsync("sync", "--config", missing, "--once", "--strict");
    assertThat(strict.exitCode()).isEqualTo(2);
  }

  @Test
  void wrongCredentialsStopOnlyThatMappingAndMarkNothingDone() throws Exception {
    String good = unique("good");
    String bad = unique("bad");
    String bucket = unique("bucket");
    s3.createBucket(bucket);
    for (String c : List.of(good, bad)) {
      swift.createContainer(c);
      swift.put(c, "obj", "data".getBytes(StandardCharsets.UTF_8), Map.of());
    }
    Path conf = fx.write("creds.json", fx.config(1,
        fx.mapping(good, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY, EmbeddedS3.SECRET),
        fx.mapping(bad, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY, "wrong-secret")));

    SyncFixture.Run run = fx.syncOnce(conf);
    assertThat(run.exitCode()).as("a mapping could not sync").isEqualTo(1);
    assertThat(s3.client().headObject(b -> b.bucket(bucket).key(s3Key(fx.saio.account(), good, "obj"))).eTag())
        .isNotNull();

    JsonNode rows = SyncFixture.JSON.readTree(
        SyncFixture.cloudsync("status", "--config", conf.toString(), "--json").out());
    for (JsonNode row : rows) {
      if (row.get("container").asText().equals(bad)) {
        assertThat(row.get("last_row").asLong()).as("nothing marked done for the failing mapping").isZero();
      }
    }
  }

  @Test
  void aMappingSkippedAtStartUpMakesOnceExit1WhileTheOthersSync() throws Exception {
    String good = unique("good");
    String bucket = unique("bucket");
    s3.createBucket(bucket);
    swift.createContainer(good);
    swift.put(good, "obj", "data".getBytes(StandardCharsets.UTF_8), Map.of());
    ObjectNode gcs = fx.mapping(unique("native-gcs"), "gcs-bucket", "http://127.0.0.1:9", "id", "secret");
    gcs.put("protocol", "gcs");
    // no gcs_credentials and no Application Default Credentials here: the store cannot be built
    gcs.remove("aws_identity");
    gcs.remove("aws_secret");
    Path conf = fx.write("skipped.json", fx.config(1,
        fx.mapping(good, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY, EmbeddedS3.SECRET), gcs));

    SyncFixture.Run run = fx.syncOnce(conf);

    assertThat(run.exitCode()).as("a configured mapping could not sync").isEqualTo(1);
    assertThat(s3.client().headObject(b -> b.bucket(bucket).key(s3Key(fx.saio.account(), good, "obj"))).eTag())
        .isNotNull();
  }

  @Test
  void anUnreachableEndpointIsReportedAndNothingIsLost() throws Exception {
    String container = unique("unreach");
    swift.createContainer(container);
    swift.put(container, "obj", "data".getBytes(StandardCharsets.UTF_8), Map.of());
    Path conf = fx.write("down.json", fx.config(1,
        fx.mapping(container, "b", "http://127.0.0.1:9", EmbeddedS3.IDENTITY, EmbeddedS3.SECRET)));
    SyncFixture.Run run = fx.syncOnce(conf);
    assertThat(run.exitCode()).isEqualTo(1);

    String bucket = unique("bucket");
    s3.createBucket(bucket);
    Path fixed = fx.write("up.json", fx.config(1,
        fx.mapping(container, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY, EmbeddedS3.SECRET)));
    assertThat(fx.syncOnce(fixed).exitCode()).isZero();
    assertThat(s3.client().headObject(b -> b.bucket(bucket).key(s3Key(fx.saio.account(), container, "obj"))).eTag())
        .isEqualTo("\"" + md5Hex("data".getBytes(StandardCharsets.UTF_8)) + "\"");
  }

  @Test
  void oddNamesRoundTripThroughSwiftS3Api() throws Exception {
    // S3Proxy rejects keys with "//" or a leading "/": Swift's own s3api is the S3 server here.
    String container = unique("odd");
    String bucket = unique("s3api-target");
    swift.createContainer(container);
    swift.createContainer(bucket); // an s3api bucket is a Swift container of test:tester
    List<String> names = List.of("with space", "per%cent", "plus+sign", "question?mark", "hash#tag",
        "double//slash", "/leading-slash", "ünïcødé ☃", "trailing/");
    for (String name : names) {
      swift.put(container, name, name.getBytes(StandardCharsets.UTF_8), Map.of());
    }
    Path conf = fx.write("odd.json", fx.config(1,
        fx.mapping(container, bucket, fx.saio.proxyUrl(), "test:tester", "testing")));
    SyncFixture.Run run = fx.syncOnce(conf);
    assertThat(run.exitCode()).as(run.err()).isZero();

    try (S3Client s3api = EmbeddedS3.client(java.net.URI.create(fx.saio.proxyUrl()), "test:tester", "testing")) {
      for (String name : names) {
        String key = s3Key(fx.saio.account(), container, name);
        assertThat(s3api.headObject(b -> b.bucket(bucket).key(key)).eTag())
            .as(name).isEqualTo("\"" + md5Hex(name.getBytes(StandardCharsets.UTF_8)) + "\"");
      }
    }
  }

  @Test
  void aKeyOverS3sLimitIsLoggedCountedAndPassed() throws Exception {
    String container = unique("long");
    String bucket = unique("bucket");
    swift.createContainer(container);
    s3.createBucket(bucket);
    String longName = "x".repeat(1000); // fine for Swift (1024), too long for S3 once prefixed
    swift.put(container, longName, "l".getBytes(StandardCharsets.UTF_8), Map.of());
    swift.put(container, "short", "s".getBytes(StandardCharsets.UTF_8), Map.of());
    Path conf = fx.write("long.json", fx.config(1,
        fx.mapping(container, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY, EmbeddedS3.SECRET)));

    SyncFixture.Run run = fx.syncOnce(conf);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(s3.client().headObject(b -> b.bucket(bucket).key(s3Key(fx.saio.account(), container, "short"))).eTag())
        .isNotNull();
    JsonNode row = SyncFixture.JSON.readTree(
        SyncFixture.cloudsync("status", "--config", conf.toString(), "--json").out()).get(0);
    assertThat(row.get("unsyncable").asLong()).isEqualTo(1);
    assertThat(row.get("rows_behind").asLong()).as("the cursor moved past it").isZero();
    assertThat(Files.exists(dir.resolve("status-1"))).isTrue();
  }
}
